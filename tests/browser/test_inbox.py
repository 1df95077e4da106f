"""The office's inbox as an ombuds works from it (issue 17, item 6): each case shows the member's
own label (sealed: the server never sees it) or a short reference, when it was opened, its last
activity, status, urgency, unread count and who follows it; the page filters by status and
searches what it has decrypted without asking the server; unread markers are each member's own,
kept on the server sealed, so they survive signing out; closing says how many days the office
keeps a closed case, and a closed case can be reopened; a case is taken by one member and handed
to another; and all of it fits a phone's screen."""

import re
import sqlite3
import tempfile
import time
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from tests.browser.conftest import Portal
from tests.browser.test_members import BOB_NAME, bob_signs_in, enrol, invite
from tests.browser.test_relay_flow import (
    DATABASE,
    DISPLAY_NAME,
    PASSWORD,
    SLOW_MS,
    TOTP_STEP,
    USERNAME,
    by,
    enrol_first_member,
    shown,
    sign_in_member,
    start_case,
    watch,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROMOTION = "I was passed over for promotion two weeks after my complaint about overtime."
PARKING = "Someone keeps taking the accessible parking space by the loading bay."
LATER = "It happened again this morning."
LABEL = "Overtime complaint, logistics"
SHOTS = Path(tempfile.gettempdir()) / "shots"  # screenshots of the phone-sized pages, to look at
PHONE: ViewportSize = {"width": 390, "height": 844}
CLOSED_DAYS = 30  # retention.closed_days, the default


def sign_in_again(page: Page, portal: Portal, secret: str, after_step: int) -> int:
    """Ada signs in with the code of a time step after `after_step` (a code works once)."""
    step = int(time.time() // TOTP_STEP) + 1
    while step <= after_step:
        time.sleep(1)
        step = int(time.time() // TOTP_STEP) + 1
    page.goto(portal.base_url + "/office/")
    by(page, "member-username").fill(USERNAME)
    by(page, "member-password").fill(PASSWORD)
    by(page, "member-totp").fill(pyotp.TOTP(secret).at(step * TOTP_STEP))
    by(page, "member-signin-submit").click()
    expect(by(page, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    return step


def case_row(page: Page, text: str) -> Locator:
    return by(page, "case-item").filter(has_text=text)


def on_disk(portal: Portal) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(portal.instance.glob(DATABASE + "*")))


def test_an_ombuds_triages_labels_searches_and_reopens_from_the_inbox(portal: Portal, browser: Browser) -> None:
    context = browser.new_context()
    seen = watch(context)
    office = context.new_page()
    first, second = (browser.new_context().new_page() for _ in range(2))
    for page in (office, first, second):
        page.set_default_timeout(20_000)
    holder = sqlite3.connect(portal.instance / DATABASE)  # keeps the WAL in place, as a running server has it
    holder.execute("SELECT 1").fetchall()
    enrolled = enrol_first_member(office, portal)
    start_case(first, portal, enrolled.office_fingerprint)
    write(first, PROMOTION)
    start_case(second, portal, enrolled.office_fingerprint)
    write(second, PARKING)

    # Ada signs in: the header says who she is; each case says what it is at a glance
    sign_in_member(office, portal, enrolled.totp_secret)
    used = int(time.time() // TOTP_STEP) + 1
    expect(by(office, "signed-in-as")).to_have_text(f"Signed in as {DISPLAY_NAME}")
    expect(by(office, "case-item")).to_have_count(2)
    expect(by(office, "case-title")).to_have_text([re.compile(r"^Case c_[\w-]{8}$")] * 2)
    expect(by(office, "case-opened")).to_have_count(2)
    expect(by(office, "case-status")).to_have_text(["Open", "Open"])
    expect(by(office, "case-assignee")).to_have_text(["Not assigned", "Not assigned"])
    expect(by(office, "case-unread")).to_have_text(["1 unread", "1 unread"])

    # Opening a case reads it: its unread marker goes, the other's stays
    by(office, "case-item").last.click()  # (newest activity first: the first visitor's case)
    expect(by(office, "item-body")).to_have_text([shown(PROMOTION)])
    by(office, "back-to-inbox").click()
    expect(by(office, "case-unread")).to_have_count(1)
    expect(by(office, "case-item").first.get_by_test_id("case-unread")).to_have_text("1 unread")
    expect(by(office, "case-item").last.get_by_test_id("case-unread")).to_have_count(0)

    # Ada labels it (for her eyes only), marks it urgent and takes it
    by(office, "case-item").last.click()
    expect(by(office, "item-body")).to_have_text([shown(PROMOTION)])
    by(office, "case-label").fill(LABEL)
    by(office, "case-label-save").click()
    expect(by(office, "thread-title")).to_have_text(LABEL)
    by(office, "mark-urgent").check()
    expect(by(office, "status")).to_contain_text("urgent")
    by(office, "assign-to").select_option(label=f"{DISPLAY_NAME} (you)")
    expect(by(office, "status")).to_contain_text(f"assigned to {DISPLAY_NAME}")
    by(office, "back-to-inbox").click()
    labelled = case_row(office, LABEL)
    expect(labelled).to_have_count(1)
    expect(labelled.get_by_test_id("case-reference")).to_have_text(re.compile(r"c_[\w-]{8}"))
    expect(labelled.get_by_test_id("case-urgent")).to_have_text("Urgent")
    expect(labelled.get_by_test_id("case-assignee")).to_have_text(f"Assigned to {DISPLAY_NAME} (you)")

    # Search finds a case by its label or by what the page has opened, and asks the server nothing
    requests: list[str] = []
    office.on("request", lambda r: requests.append(r.url) if "/api/" in r.url else None)
    by(office, "inbox-search").fill("overtime")
    expect(by(office, "case-item")).to_have_count(1)
    expect(by(office, "case-item")).to_contain_text(LABEL)
    by(office, "inbox-search").fill("passed over")
    expect(by(office, "case-item")).to_have_count(1)
    expect(by(office, "case-match")).to_contain_text("passed over for promotion")
    by(office, "inbox-search").fill("parking")  # (the other case is not opened yet: the page cannot know)
    expect(by(office, "case-item")).to_have_count(0)
    expect(by(office, "inbox-empty")).to_contain_text("No case matches")
    assert requests == [], requests
    by(office, "inbox-search").fill("")
    expect(by(office, "case-item")).to_have_count(2)

    # The status filter
    by(office, "inbox-filter").select_option(label="Urgent")
    expect(by(office, "case-item")).to_have_count(1)
    expect(by(office, "case-item")).to_contain_text(LABEL)
    by(office, "inbox-filter").select_option(label="Assigned to me")
    expect(by(office, "case-item")).to_have_count(1)
    by(office, "inbox-filter").select_option(label="Unread")
    expect(by(office, "case-item")).to_have_count(1)
    expect(by(office, "case-item")).not_to_contain_text(LABEL)
    by(office, "inbox-filter").select_option(label="All cases")

    # Closing says how long the office keeps a closed case; a closed case can be reopened
    by(office, "case-item").first.click()
    expect(by(office, "item-body")).to_have_text([shown(PARKING)])
    by(office, "close-case").click()
    expect(by(office, "close-confirm")).to_contain_text(f"{CLOSED_DAYS} days")
    expect(by(office, "close-confirm")).not_to_contain_text("the office's retention")
    by(office, "close-confirm-yes").click()
    expect(by(office, "retention-text")).to_contain_text("Closed")
    by(office, "back-to-inbox").click()
    by(office, "inbox-filter").select_option(label="Closed")
    expect(by(office, "case-item")).to_have_count(1)
    expect(by(office, "case-status")).to_have_text(["Closed"])
    by(office, "inbox-filter").select_option(label="Open")
    expect(by(office, "case-item")).to_have_count(1)
    expect(by(office, "case-item")).to_contain_text(LABEL)
    by(office, "inbox-filter").select_option(label="Closed")
    by(office, "case-item").click()
    by(office, "reopen-case").click()
    expect(by(office, "retention-text")).to_contain_text("Open")
    expect(by(office, "close-case")).to_be_visible()
    expect(by(office, "reopen-case")).to_be_hidden()
    by(office, "back-to-inbox").click()
    by(office, "inbox-filter").select_option(label="Closed")
    expect(by(office, "case-item")).to_have_count(0)
    by(office, "inbox-filter").select_option(label="All cases")
    expect(by(office, "case-status")).to_have_text(["Open", "Open"])

    # A new message from the visitor marks the case unread again, live
    write(first, LATER)
    expect(case_row(office, LABEL).get_by_test_id("case-unread")).to_have_text("1 unread")

    # The label and the read markers are kept on the server, sealed: they are there after signing
    # out and in again, and the label is nowhere in the database's files
    by(office, "signout").click()
    expect(by(office, "signed-in-as")).to_be_hidden()
    sign_in_again(office, portal, enrolled.totp_secret, used)
    expect(case_row(office, LABEL)).to_have_count(1)
    expect(case_row(office, LABEL).get_by_test_id("case-unread")).to_have_text("1 unread")
    expect(by(office, "case-unread")).to_have_count(1)
    case_row(office, LABEL).click()
    expect(by(office, "item-body")).to_have_text([shown(PROMOTION), shown(LATER)])
    by(office, "back-to-inbox").click()
    expect(by(office, "case-unread")).to_have_count(0)
    stored = on_disk(portal)
    assert b"bookmark" in stored
    for text in (LABEL, "Overtime complaint", PROMOTION, LATER):
        assert text.encode() not in stored, f"{text!r} is in the database"

    # On a phone's screen the inbox still fits and works
    office.set_viewport_size(PHONE)
    expect(by(office, "case-item")).to_have_count(2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    office.screenshot(path=str(SHOTS / "inbox-phone.png"), full_page=True)
    assert office.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    by(office, "inbox-filter").select_option(label="Urgent")
    expect(by(office, "case-item")).to_have_count(1)
    case_row(office, LABEL).click()
    expect(by(office, "case-label")).to_have_value(LABEL)
    expect(by(office, "item-body")).to_have_count(2)
    office.screenshot(path=str(SHOTS / "case-phone.png"), full_page=True)
    assert office.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    holder.close()
    assert seen.errors == []


def grant_to_bob(ada: Page) -> None:
    """Ada grants Bob the office key, confirming she compared fingerprints if the page asks."""
    by(ada, "nav-pending").click()
    expect(by(ada, "pending-member")).to_have_count(1)
    by(ada, "grant-access").click()
    asked = by(ada, "compare-first")
    expect(by(ada, "pending-empty").or_(asked)).to_be_visible()
    if asked.is_visible():
        by(ada, "fingerprint-compared").check()
        by(ada, "grant-access").click()
    expect(by(ada, "pending-empty")).to_be_visible()


def test_a_case_is_handed_to_a_colleague_whose_unread_markers_are_their_own(portal: Portal, browser: Browser) -> None:
    ada, bob, visitor = (browser.new_context().new_page() for _ in range(3))
    for page in (ada, bob, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(ada, portal)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, PROMOTION)
    sign_in_member(ada, portal, enrolled.totp_secret)
    bob_secret = enrol(bob, invite(portal))
    bob_signs_in(bob, portal, bob_secret)
    expect(by(bob, "view-confirm-log")).to_be_visible(timeout=SLOW_MS)
    by(bob, "confirm-log-yes").click()
    expect(by(bob, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    expect(by(bob, "signed-in-as")).to_have_text(f"Signed in as {BOB_NAME}")
    grant_to_bob(ada)

    # Ada reads the case and hands it to Bob
    by(ada, "nav-cases").click()
    by(ada, "case-item").click()
    expect(by(ada, "item-body")).to_have_text([shown(PROMOTION)])
    by(ada, "assign-to").select_option(label=BOB_NAME)
    expect(by(ada, "status")).to_contain_text(f"assigned to {BOB_NAME}")
    by(ada, "back-to-inbox").click()
    expect(by(ada, "case-assignee")).to_have_text([f"Assigned to {BOB_NAME}"])
    expect(by(ada, "case-unread")).to_have_count(0)

    # Bob's open inbox shows at once that it is his, and unread for him: Ada's reading is hers alone
    expect(by(bob, "no-grant-notice")).to_be_hidden(timeout=SLOW_MS)
    expect(by(bob, "case-assignee")).to_have_text([f"Assigned to {BOB_NAME} (you)"])
    expect(by(bob, "case-unread")).to_have_text(["1 unread"])
    by(bob, "inbox-filter").select_option(label="Assigned to me")
    expect(by(bob, "case-item")).to_have_count(1)

    # Bob hands it back to nobody; Ada's open inbox says so at once
    by(bob, "case-item").click()
    expect(by(bob, "item-body")).to_have_text([shown(PROMOTION)])
    expect(by(bob, "assign-to")).to_have_value(re.compile(r"^m_"))
    by(bob, "assign-to").select_option(label="Nobody")
    expect(by(bob, "status")).to_contain_text("no longer assigned")
    expect(by(ada, "case-assignee")).to_have_text(["Not assigned"])
