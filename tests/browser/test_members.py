"""Office members through the pages: a second member enrols from a CLI invitation, checks the
office fingerprint at their first sign-in, waits, is admitted by the first (the key granted and
their addition signed into the office log) and reads the case; then the first removes them. The
removed member's open page ends at once and they cannot sign in again; the office key changes, but
the office's fingerprint does not (it is the signed log's); what was sent before stays readable,
and what is sent after goes to the new key, which the visitor and the remaining member use."""

import json
import os
import re
import subprocess
import time

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import (
    SLOW_MS,
    TOTP_STEP,
    by,
    enrol_first_member,
    shown,
    sign_in_member,
    sign_in_visitor,
    start_case,
    write,
)
from tests.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BOB, BOB_NAME, BOB_PASSWORD = "bob.ombuds", "Bob, Ombuds", "lantern marble cobalt orchard 17"
VISITOR_TEXT = "I would like to talk about a conflict with my manager."
BEFORE_TEXT = "Thank you for writing. Bob and I have read it."
AFTER_TEXT = "Bob has left the office; I will follow your case from now on."


def invite(portal: Portal) -> str:
    env = {**os.environ, "SOTTOVOCE_INSTANCE": str(portal.instance)}
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "sottovoce"), "invite", "--json", "--base-url", portal.base_url],
        env=env,
        capture_output=True,
        check=True,
    )
    url: str = json.loads(out.stdout.decode().strip().splitlines()[-1])["url"]
    return url


def enrol(page: Page, url: str) -> str:
    page.goto(url)
    expect(by(page, "view-form")).to_be_visible()
    secret = (by(page, "totp-secret").text_content() or "").replace(" ", "")
    by(page, "enrol-username").fill(BOB)
    by(page, "enrol-display-name").fill(BOB_NAME)
    by(page, "enrol-password").fill(BOB_PASSWORD)
    by(page, "enrol-confirm").fill(BOB_PASSWORD)
    by(page, "enrol-totp").fill(pyotp.TOTP(secret).now())
    by(page, "enrol-submit").click()
    expect(by(page, "view-done")).to_be_visible(timeout=SLOW_MS)
    return secret


def bob_signs_in(page: Page, portal: Portal, secret: str, after_step: int = 0) -> int:
    """Signs in with the code of the next time step, newer than `after_step` (a code works once);
    returns the step used."""
    step = int(time.time() // TOTP_STEP) + 1
    while step <= after_step:  # (only if the whole test ran within one step)
        time.sleep(1)
        step = int(time.time() // TOTP_STEP) + 1
    page.goto(portal.base_url + "/office/")
    by(page, "member-username").fill(BOB)
    by(page, "member-password").fill(BOB_PASSWORD)
    by(page, "member-totp").fill(pyotp.TOTP(secret).at(step * TOTP_STEP))
    by(page, "member-signin-submit").click()
    return step


def test_a_member_is_admitted_then_removed_and_the_key_changes_but_not_the_fingerprint(
    portal: Portal, browser: Browser
) -> None:
    ada, bob, visitor = (browser.new_context().new_page() for _ in range(3))
    for page in (ada, bob, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(ada, portal)
    sign_in_member(ada, portal, enrolled.totp_secret)
    case = start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, VISITOR_TEXT)

    # Bob enrols and signs in, but reads nothing until Ada grants him the office key
    bob_secret = enrol(bob, invite(portal))
    used = bob_signs_in(bob, portal, bob_secret)
    # (his first sign-in: no pin of the office log yet, so he compares the fingerprint first)
    expect(by(bob, "view-confirm-log")).to_be_visible(timeout=SLOW_MS)
    expect(by(bob, "confirm-fingerprint")).to_have_text(enrolled.office_fingerprint)
    by(bob, "confirm-log-yes").click()
    expect(by(bob, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    expect(by(bob, "no-grant-notice")).to_be_visible()
    # (waiting, he sees no case: not its reference, times or counts; but his own member fingerprint)
    expect(by(bob, "case-item")).to_have_count(0)
    bob_fingerprint = by(bob, "own-member-fingerprint").text_content() or ""
    assert re.fullmatch(r"([0-9A-F]{4} ){7}[0-9A-F]{4}", bob_fingerprint), bob_fingerprint

    # Ada's page shows the office fingerprint it asks members to publish
    by(ada, "nav-pending").click()
    expect(by(ada, "members-office-fingerprint")).to_have_text(enrolled.office_fingerprint)
    expect(by(ada, "pending-member")).to_have_count(1)
    expect(by(ada, "pending-member")).to_contain_text(BOB_NAME)
    expect(by(ada, "pending-member")).to_contain_text(bob_fingerprint)
    # Granting asks first that she compared Bob's fingerprint with him
    by(ada, "grant-access").click()
    expect(by(ada, "compare-first")).to_be_visible()
    expect(by(ada, "fingerprint-compared")).to_be_focused()
    expect(by(ada, "member-row")).to_have_count(1)
    by(ada, "fingerprint-compared").check()
    by(ada, "grant-access").click()
    expect(by(ada, "pending-empty")).to_be_visible()
    expect(by(ada, "member-row")).to_have_count(2)
    expect(by(ada, "member-row").filter(has_text="(you)").get_by_test_id("remove-member")).to_have_count(0)

    # Bob's open page takes the grant at once (no Refresh), and he reads the case
    expect(by(bob, "no-grant-notice")).to_be_hidden(timeout=SLOW_MS)
    expect(by(bob, "case-item")).to_have_count(1)
    by(bob, "case-item").click()
    expect(by(bob, "item-body")).to_have_text([shown(VISITOR_TEXT)])
    by(ada, "nav-cases").click()
    by(ada, "case-item").click()
    expect(by(ada, "item-body")).to_have_text([shown(VISITOR_TEXT)])  # (loaded before writing)
    # The office accounts for its own readings: Ada sees that Bob opened the visitor's message
    views = by(ada, "thread-item").first.get_by_test_id("view-log-entry")
    expect(views).to_have_count(2)
    expect(views.filter(has_text=BOB_NAME)).to_have_count(1)
    expect(views.filter(has_text="Ada, Ombuds (you)")).to_have_count(1)
    write(ada, BEFORE_TEXT)

    # Ada removes Bob, after confirming
    by(ada, "nav-pending").click()
    bob_row = by(ada, "member-row").filter(has_text=BOB_NAME)
    bob_row.get_by_test_id("remove-member").click()
    expect(by(ada, "remove-confirm")).to_contain_text("The office's fingerprint stays the same")
    by(ada, "remove-confirm-no").click()
    expect(by(ada, "remove-confirm")).to_have_count(0)
    bob_row.get_by_test_id("remove-member").click()
    by(ada, "remove-confirm-yes").click()
    expect(by(ada, "status")).to_contain_text("has been removed", timeout=SLOW_MS)
    expect(by(ada, "member-row")).to_have_count(1)

    # Bob's open page ends at once (his socket is cut, the API says 401) and tells him why; he
    # cannot come back, and is told so rather than to check what he typed
    expect(by(bob, "view-signin")).to_be_visible()
    expect(by(bob, "error")).to_contain_text("You were removed from the office on")
    expect(by(bob, "item-body")).to_have_count(0)
    bob_signs_in(bob, portal, bob_secret, after_step=used)
    expect(by(bob, "error")).to_contain_text("You were removed from the office", timeout=SLOW_MS)
    expect(by(bob, "error")).not_to_contain_text("Sign-in failed")

    # The office's fingerprint is the same: the removal and the new key are entries of its log; a
    # visitor page loaded before the change takes them without complaint
    by(visitor, "refresh").click()
    expect(by(visitor, "error")).to_be_hidden()
    visitor.goto(portal.base_url + "/")
    expect(by(visitor, "office-fingerprint")).to_have_text(enrolled.office_fingerprint)

    # Ada still reads what came before (old key) and writes with the new one; the visitor reads both
    by(ada, "nav-cases").click()
    by(ada, "case-item").click()
    expect(by(ada, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(BEFORE_TEXT)])
    write(ada, AFTER_TEXT)
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(case.codename))
    expect(by(visitor, "covenant")).to_be_visible()
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(BEFORE_TEXT), shown(AFTER_TEXT)])
    write(visitor, "Thank you.")
