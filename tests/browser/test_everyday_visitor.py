"""What a visitor is told when things change under an open page (issue 17, the visitor's side):
the office key changes while the page is open, and the page carries on without a reload."""

import re

import pytest
from playwright.sync_api import Browser, Dialog, expect

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


DRAFT = "Half a thought I have not sent yet."
SAVING_OFF = "Saving the page is turned off"


def test_a_draft_is_not_lost_to_a_reload_and_old_status_lines_go(portal: Portal, browser: Browser) -> None:
    office, visitor = browser.new_context().new_page(), browser.new_context().new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    visitor.on("dialog", on_dialog)
    enrolled = enrol_first_member(office, portal)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, FIRST)

    # A status line says what the last action did, and goes as the person does the next thing
    expect(by(visitor, "status")).to_have_text("Sent.")
    by(visitor, "write-body").press_sequentially("H")
    expect(by(visitor, "status")).to_have_text("")
    by(visitor, "write-body").fill("")
    visitor.keyboard.press("Control+S")
    expect(by(visitor, "status")).to_contain_text(SAVING_OFF)
    by(visitor, "refresh").click()
    expect(by(visitor, "status")).not_to_contain_text(SAVING_OFF)

    # With a draft in the write box, leaving the page asks first; staying keeps the draft, and
    # nothing of it went to the browser's storage
    by(visitor, "write-body").fill(DRAFT)
    visitor.close(run_before_unload=True)
    expect(by(visitor, "write-body")).to_have_value(DRAFT)
    assert dialogs == ["beforeunload"]
    stored = visitor.evaluate("[localStorage.length, sessionStorage.length]")
    assert stored == [0, 0], stored

    # With no draft, the page leaves without asking
    by(visitor, "write-body").fill("")
    visitor.reload()
    expect(by(visitor, "view-landing")).to_be_visible()
    assert dialogs == ["beforeunload"]


def test_enrolment_shows_every_field_error_at_once(portal: Portal, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(portal.enrol_url)
    expect(by(page, "view-form")).to_be_visible()
    by(page, "enrol-username").fill("A")
    by(page, "enrol-password").fill("abc")
    by(page, "enrol-confirm").fill("abd")
    by(page, "enrol-totp").fill("12")
    by(page, "enrol-submit").click()

    # Every field that needs work says so, beside it, at once; the first takes the focus
    for name in ("username", "display-name", "password", "confirm", "totp"):
        expect(by(page, f"enrol-{name}")).to_have_attribute("aria-invalid", "true")
        expect(by(page, f"enrol-{name}-error")).to_be_visible()
    expect(by(page, "enrol-username-error")).to_contain_text("3 to 32 lowercase letters")
    expect(by(page, "enrol-display-name-error")).to_contain_text("display name")
    expect(by(page, "enrol-confirm-error")).to_contain_text("The two passwords differ")
    expect(by(page, "error")).to_contain_text("5 fields")
    expect(by(page, "enrol-username")).to_be_focused()

    # Put right, those fields lose their errors at the next try; the others keep theirs
    by(page, "enrol-username").fill("ada.ombuds")
    by(page, "enrol-display-name").fill("Ada")
    by(page, "enrol-submit").click()
    expect(by(page, "enrol-username")).not_to_have_attribute("aria-invalid", "true")
    expect(by(page, "enrol-username-error")).to_be_hidden()
    expect(by(page, "enrol-password-error")).to_be_visible()
    expect(by(page, "error")).to_contain_text("3 fields")
    expect(by(page, "enrol-password")).to_be_focused()


ONCE = "A number to call us on, shown once: 0100 000 000."


def test_a_view_once_reply_opens_only_when_the_visitor_chooses_and_leaves_a_record(
    portal: Portal, browser: Browser
) -> None:
    office, visitor = browser.new_context().new_page(), browser.new_context().new_page()
    enrolled = enrol_first_member(office, portal)
    case = start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, FIRST)
    sign_in_member(office, portal, enrolled.totp_secret)
    by(office, "case-item").click()
    by(office, "write-view-once").check()
    write(office, ONCE)

    # Agreeing to the covenant opens what the office sent, but not the view-once reply: the
    # visitor is told it can be read once, and then is gone, and opens it when ready
    by(visitor, "refresh").click()
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "covenant")).to_be_hidden()
    held = by(visitor, "view-once-held")
    expect(held).to_contain_text("can be read only once")
    expect(by(visitor, "item-body")).to_have_text([shown(FIRST)])
    expect(by(office, "view-log").last).to_contain_text("Not opened on the other side yet")
    by(visitor, "refresh").click()  # (a listing does not open it either)
    expect(by(visitor, "view-once-held")).to_have_count(1)
    by(visitor, "view-once-open").click()
    expect(by(visitor, "item-body")).to_have_text([shown(FIRST), shown(ONCE)])
    expect(by(visitor, "view-once-held")).to_have_count(0)
    expect(by(office, "view-log").last).to_contain_text("Opened by the visitor")

    # The office keeps the record that it said something, without its content
    by(office, "back-to-inbox").click()
    by(office, "case-item").click()
    expect(by(office, "item-body")).to_have_text([shown(FIRST)])
    spent = by(office, "item-spent")
    expect(spent).to_contain_text("Read once by the visitor on")
    expect(spent).to_contain_text("its content is destroyed")
    expect(by(office, "thread-item").last).not_to_contain_text(ONCE)

    # And the visitor, back with the codename, finds the same record in its place
    by(visitor, "signout").click()
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(case.codename))
    expect(by(visitor, "item-body")).to_have_text([shown(FIRST)])
    expect(by(visitor, "item-spent")).to_contain_text("You read this message once, on")
