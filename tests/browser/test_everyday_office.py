"""Everyday use on the office's side (issue 17): a lifetime chosen for one reply never follows
the member into another case, and "Trace a leak" says what it found in words that agree with
its result."""

import pytest
from playwright.sync_api import Browser, expect

from crypto.viewcode import new_view_code
from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import by, enrol_first_member, sign_in_member, start_case, write

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST, SECOND = "A first visitor writes.", "A second visitor writes."


def test_a_lifetime_stays_with_its_case_and_a_trace_says_what_it_found(portal: Portal, browser: Browser) -> None:
    office, first, second = (browser.new_context().new_page() for _ in range(3))
    for page in (office, first, second):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(office, portal)
    start_case(first, portal, enrolled.office_fingerprint)
    write(first, FIRST)
    start_case(second, portal, enrolled.office_fingerprint)
    write(second, SECOND)
    sign_in_member(office, portal, enrolled.totp_secret)

    # A reply with a one-hour lifetime in one case…
    expect(by(office, "case-item")).to_have_count(2)
    by(office, "case-item").first.click()
    expect(by(office, "item-body")).to_have_count(1)
    by(office, "write-ttl").select_option(label="1 hour")
    by(office, "write-view-once").check()
    write(office, "We can talk tomorrow.")
    expect(by(office, "write-ttl")).to_have_value("3600")  # (the same case keeps its choice)

    # …and the next case starts from the defaults, not from that choice
    by(office, "back-to-inbox").click()
    by(office, "case-item").nth(1).click()
    expect(by(office, "item-body")).to_have_count(1)
    expect(by(office, "write-ttl")).to_have_value("")
    expect(by(office, "write-ttl").locator("option:checked")).to_have_text("Until the case is destroyed")
    expect(by(office, "write-view-once")).not_to_be_checked()
    code = by(office, "view-code").first.text_content() or ""

    # A trace: a code that is no view's says so, in the status line and in the result alike
    by(office, "nav-trace").click()
    by(office, "trace-code").fill(new_view_code())
    by(office, "trace-submit").click()
    expect(by(office, "trace-unknown")).to_have_count(1)
    expect(by(office, "status")).to_have_text("No view has this code.")
    # and a code that is a view's finds it
    by(office, "trace-code").fill(code)
    by(office, "trace-submit").click()
    expect(by(office, "trace-result")).to_have_count(1)
    expect(by(office, "status")).to_have_text("Found: the view is shown below.")
    expect(by(office, "trace-by")).to_have_text("Ada, Ombuds (you)")
