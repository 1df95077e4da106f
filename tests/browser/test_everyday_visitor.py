"""What a visitor is told when things change under an open page (issue 17, the visitor's side):
the office key changes while the page is open, and the page carries on without a reload."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Portal
from tests.browser.test_members import BOB_NAME, bob_signs_in, enrol, invite
from tests.browser.test_relay_flow import (
    SLOW_MS,
    by,
    enrol_first_member,
    shown,
    sign_in_member,
    sign_in_visitor,
    start_case,
    watch,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST = "I would like to talk about my team's rota."
AFTER_ROTATION = "Written on a page opened before the office key changed."
AGAIN = "Written after signing out and in again on the same tab."
STALE_KEY_REFUSED = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"


def test_an_open_visitor_page_writes_to_the_new_office_key_after_a_removal(portal: Portal, browser: Browser) -> None:
    ada, bob = browser.new_context().new_page(), browser.new_context().new_page()
    visitor_context = browser.new_context()
    seen = watch(visitor_context)
    visitor = visitor_context.new_page()
    for page in (ada, bob, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(ada, portal)
    sign_in_member(ada, portal, enrolled.totp_secret)
    case = start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, FIRST)

    # Given a second member, admitted, then removed: the office key changes while the visitor's page is open
    bob_secret = enrol(bob, invite(portal))
    bob_signs_in(bob, portal, bob_secret)
    by(bob, "confirm-log-yes").click()
    expect(by(bob, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    by(ada, "nav-pending").click()
    expect(by(ada, "pending-member")).to_have_count(1)
    if by(ada, "fingerprint-compared").count():  # (granting asks that the fingerprints were compared)
        by(ada, "fingerprint-compared").check()
    by(ada, "grant-access").click()
    expect(by(ada, "member-row")).to_have_count(2)
    by(ada, "member-row").filter(has_text=BOB_NAME).get_by_test_id("remove-member").click()
    by(ada, "remove-confirm-yes").click()
    expect(by(ada, "status")).to_contain_text("has been removed", timeout=SLOW_MS)

    # When the visitor's page, untouched since, sends: it goes through, sealed to the new key
    write(visitor, AFTER_ROTATION)
    expect(by(visitor, "error")).to_be_hidden()
    expect(by(visitor, "integrity-warning")).to_be_hidden()
    by(ada, "nav-cases").click()
    by(ada, "case-item").click()
    expect(by(ada, "item-body")).to_have_text([shown(FIRST), shown(AFTER_ROTATION)])

    # And a Refresh shows nothing alarming either
    by(visitor, "refresh").click()
    expect(by(visitor, "item-body")).to_have_count(2)
    expect(by(visitor, "error")).to_be_hidden()

    # Signing out and in again on the same tab works, without a reload, and the landing page
    # shows the same fingerprint as before (the log's, which a key change does not alter)
    by(visitor, "signout").click()
    expect(by(visitor, "view-landing")).to_be_visible()
    expect(by(visitor, "office-fingerprint")).to_have_text(enrolled.office_fingerprint)
    expect(by(visitor, "landing-actions")).to_be_visible()
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(case.codename))
    expect(by(visitor, "item-body")).to_have_text([shown(FIRST), shown(AFTER_ROTATION)])
    write(visitor, AGAIN)
    expect(by(visitor, "error")).to_be_hidden()
    visitor.goto(portal.base_url + "/")
    expect(by(visitor, "office-fingerprint")).to_have_text(enrolled.office_fingerprint)
    # (Chromium logs the one refusal of the message sealed to the old key, which the page handled)
    assert seen.errors == [STALE_KEY_REFUSED], seen.errors


REPLY = "We can meet next week, off-site."
VIEW_CODE = re.compile(r"^[0-9A-Z]{5}-[0-9A-Z]{5}$")
CODE_QUESTION = "What is this code?"


def test_a_view_code_says_what_it_is_for(portal: Portal, browser: Browser) -> None:
    office, visitor = browser.new_context().new_page(), browser.new_context().new_page()
    enrolled = enrol_first_member(office, portal)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, FIRST)
    sign_in_member(office, portal, enrolled.totp_secret)
    by(office, "case-item").click()
    write(office, REPLY)
    by(visitor, "refresh").click()
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "item-body")).to_have_text([shown(FIRST), shown(REPLY)])

    # The reply's view code comes with a plain word on what it is, behind a control the keyboard reaches
    reply = by(visitor, "thread-item").last
    expect(reply.get_by_test_id("view-code")).to_have_text(VIEW_CODE)
    help_ = reply.get_by_test_id("view-code-help")
    expect(help_).to_be_visible()
    expect(help_).not_to_have_attribute("open", "")
    help_.get_by_text(CODE_QUESTION).focus()
    visitor.keyboard.press("Enter")
    expect(help_).to_have_attribute("open", "")
    expect(help_.get_by_text("If a copy of this text ever circulates, the code in it tells the office")).to_be_visible()
