"""A case that is full says so in plain words: on a portal whose cases hold two messages, the
visitor's third is refused, and the status line says why and what to do, with the words still
in the write box (issue 15)."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import by, enrol_first_member, start_case, write

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
