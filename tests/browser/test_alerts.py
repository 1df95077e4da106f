"""Email alerts through the pages, to a real SMTP server on localhost: a member turns them on in
the Alerts tab; a visitor writes; the email that arrives says there is news and nothing more;
turned off, none comes. The server log holds no address."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import VISITOR_TEXT, by, enrol_first_member, sign_in_member, start_case, write
from tests.mailbox import Mailbox, mailbox

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ADDRESS = "ada@ombuds.example.org"


@pytest.fixture
def box() -> Iterator[Mailbox]:
    with mailbox() as b:
        yield b


@pytest.fixture
def portal_env(box: Mailbox) -> dict[str, str]:
    return {"SOTTOVOCE_NOTIFY_SMTP_HOST": box.host, "SOTTOVOCE_NOTIFY_SMTP_PORT": str(box.port)}


def test_a_member_turns_alerts_on_and_a_visitors_message_sends_one_that_says_nothing_more(
    portal: Portal, browser: Browser, box: Mailbox
) -> None:
    office, visitor = (browser.new_context().new_page() for _ in range(2))
    for page in (office, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(office, portal)
    sign_in_member(office, portal, enrolled.totp_secret)

    by(office, "nav-alerts").click()
    expect(by(office, "alerts-state")).to_contain_text("Off")
    by(office, "alerts-email").fill("not an address")
    by(office, "alerts-save").click()
    expect(by(office, "error")).to_contain_text("not an email address")
    by(office, "alerts-email").fill(ADDRESS)
    by(office, "alerts-save").click()
    expect(by(office, "alerts-state")).to_contain_text(f"On: an alert goes to {ADDRESS}")
    expect(by(office, "alerts-state")).to_contain_text("at most one every hour")

    case = start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, VISITOR_TEXT)
    [email] = box.wait_for(1, timeout=30)
    assert email["To"] == ADDRESS
    text = box.raw[0].decode()
    assert "new activity on the ombuds portal" in text
    assert f"{portal.base_url}/office/" in text
    for secret in (VISITOR_TEXT.split("\n")[0], " ".join(case.codename), "c_"):
        assert secret not in text

    by(office, "alerts-off").click()
    expect(by(office, "alerts-state")).to_contain_text("Off")
    assert ADDRESS not in portal.log.read_text()
