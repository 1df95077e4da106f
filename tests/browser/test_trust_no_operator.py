"""An operator who can write to the database, tried through the real pages (protocol v2): rows of
its own making are not believed. A member it adds speaks for no one; a key it adds receives
nothing; a removal seals the new key to the log's members only; a view-once item it puts back is
not shown again; a log it cuts short or replaces stops the pages of those who saw the real one."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from crypto.keys import kid
from tests.browser.conftest import Portal
from tests.browser.operator import Operator
from tests.browser.test_members import BOB_NAME, bob_signs_in, enrol, invite
from tests.browser.test_relay_flow import (
    PASSWORD,
    SLOW_MS,
    TOTP_STEP,
    USERNAME,
    by,
    enrol_first_member,
    shown,
    sign_in_visitor,
    start_case,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VISITOR_TEXT = "I would like advice about a conflict in my team."
FORGED = "This is Ada: please send me your codename so that I can restore your case."
AFTER_KEY = "A second message, written after the operator's key appeared."
REPLY = "Ada here, for real: we never ask for your codename."
ONCE = "Call this number once, then forget it: 555 0100."
TAMPERED = re.compile("tampered")


def visible_text(page: Page) -> str:
    return re.sub("[\u200b\u200c\u2060]", "", page.content())


def ada_signs_in(page: Page, portal: Portal, totp_secret: str, after_step: int = 0, then: str = "view-inbox") -> int:
    """Signs in as Ada with the code of a time step newer than `after_step` (a code works once),
    expects the view `then`; returns the step used."""
    step = int(time.time() // TOTP_STEP) + 1
    while step <= after_step:
        time.sleep(1)
        step = int(time.time() // TOTP_STEP) + 1
    page.goto(portal.base_url + "/office/")
    by(page, "member-username").fill(USERNAME)
    by(page, "member-password").fill(PASSWORD)
    by(page, "member-totp").fill(pyotp.TOTP(totp_secret).at(step * TOTP_STEP))
    by(page, "member-signin-submit").click()
    expect(by(page, then)).to_be_visible(timeout=SLOW_MS)
    return step


def sign_in_again(visitor: Page, codename: list[str]) -> None:
    by(visitor, "signout").click()
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(codename))


def test_an_operator_writing_to_the_database_speaks_for_no_one_and_reads_nothing(
    portal: Portal, browser: Browser
) -> None:
    ada, visitor = (browser.new_context().new_page() for _ in range(2))
    for page in (ada, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(ada, portal)
    used = ada_signs_in(ada, portal, enrolled.totp_secret)
    # (the office's published link: the landing page checks the fingerprint in it by itself)
    visitor.goto(f"{portal.base_url}/#fp={enrolled.office_fingerprint.replace(' ', '').lower()}")
    expect(by(visitor, "link-check")).to_contain_text("matches the fingerprint in the link")
    expect(by(visitor, "office-short-code")).to_have_text(re.compile(r"^\d{5} \d{5} \d{5} \d{5}$"))
    expect(by(visitor, "landing-actions")).to_be_visible()
    case = start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, VISITOR_TEXT)
    operator = Operator(portal.instance)
    office_pk = operator.current_office_pk()

    # 1. A member row named as Ada, with the operator's key, and a reply signed by it
    impostor = operator.insert_member("Ada, Ombuds")
    operator.forge_reply(impostor, FORGED)
    by(visitor, "refresh").click()
    expect(by(visitor, "covenant")).to_be_visible()
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "item-refused")).to_have_count(1)
    expect(by(visitor, "item-refused")).to_contain_text(TAMPERED)
    assert FORGED not in visible_text(visitor)
    sign_in_again(visitor, case.codename)  # (a fresh sign-in believes it no more)
    expect(by(visitor, "item-refused")).to_have_count(1)
    assert FORGED not in visible_text(visitor)
    by(ada, "case-item").click()
    expect(by(ada, "item-refused")).to_have_count(1)
    assert FORGED not in visible_text(ada)

    # 2. A new office key version of the operator's, granted to every member: nothing is sealed to it
    operator_pk = operator.insert_office_key()
    write(visitor, AFTER_KEY)
    used = ada_signs_in(ada, portal, enrolled.totp_secret, used)
    by(ada, "case-item").click()
    expect(by(ada, "item-body")).to_have_count(2)  # the visitor's two messages, read with the log's key
    write(ada, REPLY)
    for item in operator.newest_item_ids()[-2:]:
        assert kid(operator_pk) not in operator.recipient_kids(item)
        assert kid(office_pk) in operator.recipient_kids(item)

    # 4. A view-once reply, saved by the operator before the visitor opens it, then put back
    by(ada, "write-view-once").check()
    write(ada, ONCE)
    saved = operator.item_row(operator.newest_item_ids()[-1])
    by(visitor, "refresh").click()
    by(visitor, "view-once-open").click()  # (the page opens it when the visitor chooses to)
    expect(by(visitor, "item-body").filter(has_text=shown(ONCE))).to_have_count(1)
    assert operator.item_row(saved[0])[5:8] == (b"", b"", b"")  # spent: header, ciphertext, sig gone
    operator.put_back(saved)
    sign_in_again(visitor, case.codename)
    expect(by(visitor, "item-refused").filter(has_text="shown only once")).to_have_count(1)
    assert ONCE not in visible_text(visitor)
    operator.close()


def test_a_removal_seals_only_to_the_log_and_a_cut_or_replaced_log_stops_every_page(
    portal: Portal, browser: Browser
) -> None:
    ada, bob, visitor = (browser.new_context().new_page() for _ in range(3))
    for page in (ada, bob, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(ada, portal)
    used = ada_signs_in(ada, portal, enrolled.totp_secret)
    bob_secret = enrol(bob, invite(portal))
    bob_signs_in(bob, portal, bob_secret)
    by(bob, "confirm-log-yes").click()
    by(ada, "nav-pending").click()
    by(ada, "fingerprint-compared").check()
    by(ada, "grant-access").click()
    expect(by(ada, "member-row")).to_have_count(2)
    expect(by(ada, "members-office-fingerprint")).to_have_text(enrolled.office_fingerprint)
    case = start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, VISITOR_TEXT)
    operator = Operator(portal.instance)
    ada_id = operator.one("SELECT member_id FROM member WHERE username = 'ada.ombuds'")[0]

    # 3. A stranger's active member row, then Ada removes Bob: the new key goes to Ada alone
    stranger = operator.insert_member("Carol, Ombuds")
    expect(by(ada, "member-row")).to_have_count(2)  # (the stranger is no member of the log)
    by(ada, "member-row").filter(has_text=BOB_NAME).get_by_test_id("remove-member").click()
    by(ada, "remove-confirm-yes").click()
    expect(by(ada, "status")).to_contain_text("has been removed", timeout=SLOW_MS)
    assert operator.grants_of_version(2) == [ada_id]
    assert stranger.member_id not in operator.grants_of_version(2)
    sign_in_again(visitor, case.codename)  # (the visitor's pin now holds the removal)
    assert operator.log_length() == 3

    # A log cut short (the removal deleted): the visitor and Ada are stopped before anything shows
    operator.cut_log(2)
    by(visitor, "signout").click()
    by(visitor, "go-signin").click()
    by(visitor, "signin-codename").fill(" ".join(case.codename))
    by(visitor, "signin-submit").click()
    expect(by(visitor, "integrity-warning")).to_be_visible(timeout=SLOW_MS)
    expect(by(visitor, "integrity-text")).to_contain_text("cut short or rewritten")
    expect(by(visitor, "thread-item")).to_have_count(0)
    used = ada_signs_in(ada, portal, enrolled.totp_secret, used, then="view-warning")
    expect(by(ada, "integrity-text")).to_contain_text("cut short or rewritten")

    # A log replaced by the operator's own: the office's published link says it does not match
    operator.replace_log(operator.insert_member("Ada, Ombuds"))
    newcomer = browser.new_context().new_page()
    newcomer.goto(f"{portal.base_url}/#fp={enrolled.office_fingerprint.replace(' ', '')}")
    expect(by(newcomer, "link-check")).to_contain_text("another fingerprint")
    expect(by(newcomer, "landing-actions")).to_be_hidden()
    assert by(newcomer, "office-fingerprint").inner_text() != enrolled.office_fingerprint
    # and the pinned visitor, signing in, is stopped: the fingerprint is not the one pinned
    visitor.goto(portal.base_url + "/")
    by(visitor, "go-signin").click()
    by(visitor, "signin-codename").fill(" ".join(case.codename))
    by(visitor, "signin-submit").click()
    expect(by(visitor, "integrity-warning")).to_be_visible(timeout=SLOW_MS)
    expect(by(visitor, "thread-item")).to_have_count(0)
    # and so is Ada, whose pin holds the real log
    ada_signs_in(ada, portal, enrolled.totp_secret, used + 1, then="view-warning")
    expect(by(ada, "integrity-text")).to_contain_text("tampered")
    operator.close()
