"""A case the office closes or destroys, or that its retention ends, explained to its visitor: the
open page follows a close live and says plainly, without a click, that the case was destroyed, by
whom and on which day; signing in later with its codename says the same, not "a typo". (Issue 17,
item 3.) The portal purges every second, so a case whose retention the operator ends goes at once."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Portal
from tests.browser.operator import Operator
from tests.browser.test_relay_flow import (
    SLOW_MS,
    by,
    enrol_first_member,
    sign_in_fails,
    sign_in_member,
    start_case,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST = "Can I talk to someone about a colleague's remarks?"
AGAIN = "I would still like to talk."
NO_CASE = "No case opens with this codename"


@pytest.fixture
def portal_env() -> dict[str, str]:
    return {"SOTTOVOCE_PURGE_INTERVAL_SECONDS": "1"}


def today() -> str:
    """The day as the portal names it in these explanations: the server's (UTC) date, in words."""
    now = datetime.now(UTC)
    return f"{now.day} {now:%B} {now.year}"


def retention_until(page: Page) -> str:
    return by(page, "retention-until").get_attribute("datetime") or ""


def test_the_office_closing_then_destroying_a_case_is_explained_to_its_visitor(
    portal: Portal, browser: Browser
) -> None:
    office, visitor = browser.new_context().new_page(), browser.new_context().new_page()
    enrolled = enrol_first_member(office, portal)
    case = start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, FIRST)
    open_until = retention_until(visitor)
    sign_in_member(office, portal, enrolled.totp_secret)
    by(office, "case-item").click()

    # When the office closes the case, the visitor's open page says so at once, with the new date
    by(office, "close-case").click()
    by(office, "close-confirm-yes").click()
    expect(by(office, "retention-text")).to_contain_text("Closed")
    expect(by(visitor, "retention-text")).to_contain_text("The office has closed this case")
    closed_until = retention_until(visitor)
    assert closed_until != open_until
    # (and Refresh keeps it current: the closed case's date, then the reopened one's after writing)
    by(visitor, "refresh").click()
    expect(by(visitor, "retention-text")).to_contain_text("The office has closed this case")
    expect(by(visitor, "retention-until")).to_have_attribute("datetime", closed_until)
    write(visitor, AGAIN)
    expect(by(visitor, "retention-text")).not_to_contain_text("closed")
    by(visitor, "refresh").click()
    expect(by(visitor, "retention-text")).not_to_contain_text("closed")
    expect(by(visitor, "retention-until")).not_to_have_attribute("datetime", closed_until)

    # When the office destroys it, the open page says so plainly, by itself
    by(office, "destroy-case").click()
    by(office, "destroy-confirm-yes").click()
    expect(by(office, "view-inbox")).to_be_visible()
    expect(by(visitor, "view-landing")).to_be_visible(timeout=SLOW_MS)
    expect(by(visitor, "thread-item")).to_have_count(0)
    expect(by(visitor, "status")).to_contain_text(f"This case was closed and destroyed by the office on {today()}")
    expect(by(visitor, "error")).to_be_hidden()

    # And signing in with its codename later says the same, rather than suggesting a typo
    by(visitor, "go-signin").click()
    sign_in_fails(visitor, " ".join(case.codename), f"This case was closed and destroyed by the office on {today()}")
    expect(by(visitor, "error")).not_to_contain_text(NO_CASE)


def test_a_case_ended_by_retention_is_explained_and_one_the_visitor_destroyed_leaves_nothing(
    portal: Portal, browser: Browser
) -> None:
    office, visitor = browser.new_context().new_page(), browser.new_context().new_page()
    enrolled = enrol_first_member(office, portal)
    case = start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, FIRST)

    # When the case's time runs out (the operator moves its date to now), the open page says why
    operator = Operator(portal.instance)
    try:
        operator.write('UPDATE "case" SET retention_until = 0')
    finally:
        operator.close()
    expect(by(visitor, "view-landing")).to_be_visible(timeout=SLOW_MS)
    expect(by(visitor, "status")).to_contain_text(re.compile(f"This case was destroyed on {today()}, after \\d+ days"))
    by(visitor, "go-signin").click()
    sign_in_fails(visitor, " ".join(case.codename), f"This case was destroyed on {today()}")

    # A case its visitor destroyed leaves no such trace: its codename opens nothing, as any other
    fresh = start_case(visitor, portal, enrolled.office_fingerprint)
    by(visitor, "destroy-case").click()
    by(visitor, "destroy-confirm-yes").click()
    expect(by(visitor, "view-landing")).to_be_visible()
    by(visitor, "go-signin").click()
    sign_in_fails(visitor, " ".join(fresh.codename), NO_CASE)
