"""A grant of the office key that does not open, through the pages: a member's grant to Bob is
random bytes (posted as a malicious colleague could, through the API with their own token: here
Ada's request, rewritten on its way); Bob's page says so in plain words and keeps working as one
waiting for the key; Ada's page offers to grant it again, and Bob then reads the case."""

import base64
import json
import os

import pytest
from playwright.sync_api import Browser, Request, Route, expect

from crypto.office import GRANT_BYTES
from tests.browser.conftest import Portal
from tests.browser.test_members import BOB_NAME, VISITOR_TEXT, bob_signs_in, enrol, invite
from tests.browser.test_relay_flow import SLOW_MS, by, enrol_first_member, shown, sign_in_member, start_case, write

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _junk_grant(route: Route, request: Request) -> None:
    """The grant Ada's page posts, replaced by random bytes of a grant's size (the log entry stays hers)."""
    if request.method != "POST":
        route.continue_()
        return
    body = json.loads(request.post_data or "{}")
    body["grant"] = base64.urlsafe_b64encode(os.urandom(GRANT_BYTES)).decode().rstrip("=")
    route.continue_(post_data=json.dumps(body))


def test_a_grant_that_does_not_open_is_reported_and_granted_again(portal: Portal, browser: Browser) -> None:
    ada, bob, visitor = (browser.new_context().new_page() for _ in range(3))
    for page in (ada, bob, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(ada, portal)
    sign_in_member(ada, portal, enrolled.totp_secret)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, VISITOR_TEXT)

    bob_secret = enrol(bob, invite(portal))
    used = bob_signs_in(bob, portal, bob_secret)
    expect(by(bob, "view-confirm-log")).to_be_visible(timeout=SLOW_MS)
    by(bob, "confirm-log-yes").click()
    expect(by(bob, "no-grant-notice")).to_be_visible(timeout=SLOW_MS)
    expect(by(bob, "grant-unopenable")).to_be_hidden()

    # A junk grant to Bob, with a genuine member_added entry: the server cannot tell
    ada.route("**/api/v1/office/grants", _junk_grant)
    by(ada, "nav-pending").click()
    by(ada, "fingerprint-compared").check()
    by(ada, "grant-access").click()
    expect(by(ada, "status")).to_contain_text("now holds the office key", timeout=SLOW_MS)
    ada.unroute("**/api/v1/office/grants")

    # Bob's open page takes it, finds it does not open, says so, and keeps working
    expect(by(bob, "grant-unopenable")).to_be_visible(timeout=SLOW_MS)
    expect(by(bob, "grant-unopenable")).to_contain_text("does not open: ask a member to grant it again")
    expect(by(bob, "no-grant-notice")).to_be_visible()
    expect(by(bob, "case-item")).to_have_count(0)
    expect(by(bob, "view-warning")).to_be_hidden()
    by(bob, "inbox-refresh").click()  # (still works: the page is not broken)
    expect(by(bob, "grant-unopenable")).to_be_visible()
    # Signing in again works too (it said "Something went wrong" before), and says the same
    bob_signs_in(bob, portal, bob_secret, after_step=used)
    expect(by(bob, "grant-unopenable")).to_be_visible(timeout=SLOW_MS)
    expect(by(bob, "no-grant-notice")).to_be_visible()
    expect(by(bob, "error")).to_be_hidden()

    # Ada's Members page offers to grant it again
    by(ada, "nav-pending").click()
    row = by(ada, "pending-member").filter(has_text=BOB_NAME)
    expect(row.get_by_test_id("grant-again")).to_be_visible(timeout=SLOW_MS)
    expect(row.get_by_test_id("fingerprint-compared")).to_have_count(0)  # (admitted already: the log has his key)
    row.get_by_test_id("grant-again").click()
    expect(by(ada, "pending-empty")).to_be_visible(timeout=SLOW_MS)

    # Bob's page takes the new grant at once and he reads the case
    expect(by(bob, "no-grant-notice")).to_be_hidden(timeout=SLOW_MS)
    expect(by(bob, "case-item")).to_have_count(1)
    by(bob, "case-item").click()
    expect(by(bob, "item-body")).to_have_text([shown(VISITOR_TEXT)])
