"""Two signatures to admit a member (protocol v2 section 8), through the pages: the office chooses it
in its log; a newcomer is then proposed by one member and admitted by another, who co-signs and
grants the key; no one alone lets a reader in."""

import time

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Portal
from tests.browser.test_members import invite
from tests.browser.test_relay_flow import SLOW_MS, TOTP_STEP, by, enrol_first_member, sign_in_member

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "amber lantern gravel meadow 58"


def enrol_as(page: Page, url: str, username: str, name: str) -> str:
    page.goto(url)
    expect(by(page, "view-form")).to_be_visible()
    secret = (by(page, "totp-secret").text_content() or "").replace(" ", "")
    by(page, "enrol-username").fill(username)
    by(page, "enrol-display-name").fill(name)
    by(page, "enrol-password").fill(PASSWORD)
    by(page, "enrol-confirm").fill(PASSWORD)
    by(page, "enrol-totp").fill(pyotp.TOTP(secret).now())
    by(page, "enrol-submit").click()
    expect(by(page, "view-done")).to_be_visible(timeout=SLOW_MS)
    return secret


def first_sign_in(page: Page, portal: Portal, username: str, secret: str) -> None:
    """A newcomer's first sign-in: a code newer than enrolment's, then the fingerprint compared."""
    page.goto(portal.base_url + "/office/")
    by(page, "member-username").fill(username)
    by(page, "member-password").fill(PASSWORD)
    by(page, "member-totp").fill(pyotp.TOTP(secret).at(time.time() + TOTP_STEP))
    by(page, "member-signin-submit").click()
    by(page, "confirm-log-yes").click(timeout=SLOW_MS)
    expect(by(page, "view-inbox")).to_be_visible(timeout=SLOW_MS)


def test_with_two_signatures_one_member_proposes_and_another_admits(portal: Portal, browser: Browser) -> None:
    ada, bob, cyd = (browser.new_context().new_page() for _ in range(3))
    for page in (ada, bob, cyd):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(ada, portal)
    sign_in_member(ada, portal, enrolled.totp_secret)
    first_sign_in(bob, portal, "bob.ombuds", enrol_as(bob, invite(portal), "bob.ombuds", "Bob, Ombuds"))
    by(ada, "nav-pending").click()
    by(ada, "fingerprint-compared").check()
    by(ada, "grant-access").click()  # (one signature admits while the office asks one)
    expect(by(ada, "member-row")).to_have_count(2)

    # The office chooses two signatures; it goes into the log
    by(ada, "two-signatures").check()
    by(ada, "two-signatures-save").click()
    expect(by(ada, "status")).to_contain_text("two members must sign")

    # Cyd enrols; Ada can only propose her, and waits
    first_sign_in(cyd, portal, "cyd.ombuds", enrol_as(cyd, invite(portal), "cyd.ombuds", "Cyd, Ombuds"))
    expect(by(cyd, "no-grant-notice")).to_be_visible()
    by(ada, "nav-pending").click()
    expect(by(ada, "grant-access")).to_have_count(0)
    by(ada, "fingerprint-compared").check()
    by(ada, "propose-admission").click()
    expect(by(ada, "proposal-waiting")).to_be_visible()
    expect(by(ada, "member-row")).to_have_count(2)

    # Bob sees Ada's proposal, co-signs and grants: Cyd is a member and reads
    by(bob, "nav-pending").click()
    expect(by(bob, "proposed-by")).to_contain_text("Ada, Ombuds")
    by(bob, "fingerprint-compared").check()
    by(bob, "grant-access").click()
    expect(by(bob, "pending-empty")).to_be_visible()
    expect(by(bob, "member-row")).to_have_count(3)
    expect(by(bob, "two-signatures")).to_be_checked()
    by(cyd, "inbox-refresh").click()
    expect(by(cyd, "no-grant-notice")).to_be_hidden()
