"""A case that is full says so in plain words: on a portal whose cases hold two messages, the
visitor's third is refused, and the status line says why and what to do, with the words still
in the write box; the office's reply is refused with its own words (issue 15)."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import by, enrol_first_member, sign_in_member, start_case, write

pytestmark = [pytest.mark.browser, pytest.mark.slow]

THIRD = "And one more thing I remembered."


@pytest.fixture
def portal_env() -> dict[str, str]:
    return {"SOTTOVOCE_QUOTAS_CASE_ITEMS": "2"}


def test_the_visitor_is_told_in_plain_words_that_the_case_is_full(portal: Portal, browser: Browser) -> None:
    office, visitor = browser.new_context().new_page(), browser.new_context().new_page()
    enrolled = enrol_first_member(office, portal)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, "I would like to talk about my team.")
    write(visitor, "Mornings suit me best.")
    by(visitor, "write-body").fill(THIRD)
    by(visitor, "send").click()
    error = by(visitor, "error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("This case has reached its limit of 2 messages, so this one was not sent.")
    expect(error).to_contain_text("start a new case from the portal's first page")
    expect(by(visitor, "thread-item")).to_have_count(2)
    expect(by(visitor, "write-body")).to_have_value(THIRD)  # nothing of what they wrote is lost

    # The office's reply to a full case is refused too, in its own words.
    sign_in_member(office, portal, enrolled.totp_secret)
    by(office, "case-item").click()
    expect(by(office, "thread-item")).to_have_count(2)
    by(office, "write-body").fill("Thank you, we will call you.")
    by(office, "send").click()
    expect(by(office, "error")).to_contain_text("This case has reached its limit of 2 messages")
    expect(by(office, "error")).to_contain_text("the visitor would need to start a new case")
    expect(by(office, "thread-item")).to_have_count(2)
