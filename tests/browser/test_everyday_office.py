"""Everyday use on the office's side (issue 17): a lifetime chosen for one reply never follows
the member into another case, and "Trace a leak" says what it found in words that agree with
its result."""

import pytest
from playwright.sync_api import Browser, Route, expect

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


def test_a_case_opened_while_the_list_is_still_loading_stays_open(portal: Portal, browser: Browser) -> None:
    office, visitor = browser.new_context().new_page(), browser.new_context().new_page()
    enrolled = enrol_first_member(office, portal)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, "A first message.")
    sign_in_member(office, portal, enrolled.totp_secret)
    expect(by(office, "case-item")).to_have_count(1)

    # Given a case list that answers late (held here until the case is open)
    held: list[Route] = []
    office.route("**/api/v1/cases", lambda route: held.append(route))
    # When the member presses Cases, then opens the case already listed before the list arrives
    by(office, "nav-cases").click()
    for _ in range(400):  # (until the page's request is held: it loads the office log first)
        if held:
            break
        office.wait_for_timeout(50)
    assert len(held) == 1
    by(office, "case-item").click()
    expect(by(office, "view-thread")).to_be_visible()
    expect(by(office, "thread-item")).to_have_count(1)
    with office.expect_response("**/api/v1/cases"):
        held[0].continue_()
    # Then the late list does not take the page back to the inbox (given the page a moment to
    # handle it: before the fix, it switched views as soon as the list came)
    office.evaluate("new Promise((r) => setTimeout(r, 500))")
    expect(by(office, "view-thread")).to_be_visible()
    expect(by(office, "view-inbox")).to_be_hidden()
    expect(by(office, "write-body")).to_be_visible()
