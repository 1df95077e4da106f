"""An office that ran protocol v1 (no signed log) upgrades in a member's browser: the first member
holding the office key to sign in checks the members and signs the log's first entry; the items
sealed under v1 stay readable on both sides, and a visitor whose case predates the log is asked to
compare the fingerprint once."""

import json
import os
import time
from typing import Any

import pyotp
import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from crypto.auth import sign_challenge
from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import seal_envelope
from crypto.keys import KdfParams, visitor_keys
from crypto.member import new_bundle, password_keys, wrap_bundle
from crypto.office import new_office_key, seal_grant
from crypto.pow import solve_pow
from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import PASSWORD, SLOW_MS, TOTP_STEP, USERNAME, by, shown, sign_in_visitor
from tests.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Eight words of the EFF list the pages draw from (static/vendor/wordlist.json), as one codename.
CODENAME = " ".join(json.loads((ROOT / "static" / "vendor" / "wordlist.json").read_text())[100:8100:1000])
VISITOR_TEXT = "I wrote this before the office signed its log."
REPLY_TEXT = "And this reply too: both stay readable."


class V1Client:
    """What a v1 page did, in Python, over HTTP: enrolment without a log, a case, a reply."""

    def __init__(self, portal: Portal) -> None:
        self.base = portal.base_url + "/api/v1"
        self.http = requests.Session()
        self.office = self.get("/office")

    def get(self, path: str, token: str = "") -> Any:
        answer = self.http.get(self.base + path, headers={"Authorization": f"Bearer {token}"} if token else {})
        assert answer.ok, answer.text
        return answer.json()

    def post(self, path: str, body: dict[str, Any], token: str = "") -> Any:
        answer = self.http.post(
            self.base + path, json=body, headers={"Authorization": f"Bearer {token}"} if token else {}
        )
        assert answer.ok, answer.text
        return answer.json()

    def kdf(self, which: str) -> KdfParams:
        kdf = self.office[which]
        assert isinstance(kdf, dict)
        return KdfParams(kdf["ops"], kdf["mem"])


def test_a_v1_office_signs_its_log_in_a_members_browser_and_keeps_every_item(portal: Portal, browser: Browser) -> None:
    v1 = V1Client(portal)
    office_id = str(v1.office["office_id"])

    # The first member enrols as a v1 page did: an office key, and no log
    token = portal.enrol_url.split("#", 1)[1]
    start = v1.post("/enrol/start", {"token": token})
    member_id, totp_secret = str(start["member_id"]), str(start["totp_secret"])
    salt = os.urandom(16)
    pk = password_keys(PASSWORD, salt, v1.kdf("member_kdf"))
    bundle, office_key = new_bundle(), new_office_key()
    v1.post(
        "/enrol/finish",
        {
            "token": token,
            "member_id": member_id,
            "username": USERNAME,
            "display_name": "Ada, Ombuds",
            "salt": b64u_encode(salt),
            "auth_pk": b64u_encode(pk.auth_pk),
            "sign_pk": b64u_encode(bundle.sign_pk),
            "box_pk": b64u_encode(bundle.box_pk),
            "bundle": wrap_bundle(bundle, pk.wrapping_key, member_id),
            "totp": pyotp.TOTP(totp_secret).now(),
            "office_key": {
                "box_pk": b64u_encode(office_key.box_pk),
                "grant": seal_grant(office_key.box_sk, bundle.box_pk),
            },
        },
    )
    assert v1.get("/office/log")["length"] == 0

    # A visitor opens a case with a codename and writes; the member replies (all v1 envelopes)
    keys = visitor_keys(CODENAME, office_id, v1.kdf("visitor_kdf"))
    pow_ = v1.post("/pow", {})
    nonce = solve_pow(b64u_decode(pow_["challenge"]), int(str(pow_["difficulty"])))
    case_id = str(
        v1.post(
            "/cases",
            {
                "sign_pk": b64u_encode(keys.sign_pk),
                "box_pk": b64u_encode(keys.box_pk),
                "pow": {"challenge": pow_["challenge"], "nonce": nonce},
            },
        )["case_id"]
    )
    challenge = v1.post("/auth/challenge", {"role": "visitor", "sign_pk": b64u_encode(keys.sign_pk)})["challenge"]
    sig = sign_challenge(keys.sign_seed, office_id, b64u_decode(challenge))
    visitor_token = str(
        v1.post(
            "/auth/session",
            {"role": "visitor", "sign_pk": b64u_encode(keys.sign_pk), "challenge": challenge, "sig": b64u_encode(sig)},
        )["token"]
    )
    seal: dict[str, Any] = {
        "case": case_id,
        "kind": "message",
        "recipient_box_pks": [office_key.box_pk, keys.box_pk],
        "sent_at": int(time.time()),
    }
    v1.post(
        f"/cases/{case_id}/messages",
        seal_envelope({"format": "plain", "body": VISITOR_TEXT}, sender_seed=keys.sign_seed, **seal).to_json(),
        visitor_token,
    )
    used_step = int(time.time() // TOTP_STEP) + 1
    ch = v1.post("/auth/challenge", {"role": "member", "username": USERNAME})
    member_keys = password_keys(PASSWORD, b64u_decode(ch["salt"]), v1.kdf("member_kdf"))
    member_token = str(
        v1.post(
            "/auth/session",
            {
                "role": "member",
                "username": USERNAME,
                "challenge": ch["challenge"],
                "sig": b64u_encode(sign_challenge(member_keys.auth_seed, office_id, b64u_decode(ch["challenge"]))),
                "totp": pyotp.TOTP(totp_secret).at(used_step * TOTP_STEP),
            },
        )["token"]
    )
    v1.post(
        f"/cases/{case_id}/messages",
        seal_envelope({"format": "plain", "body": REPLY_TEXT}, sender_seed=bundle.sign_seed, **seal).to_json(),
        member_token,
    )

    # Before the log, the landing page says the office is not ready
    visitor = browser.new_context().new_page()
    visitor.goto(portal.base_url + "/")
    expect(by(visitor, "office-not-ready")).to_be_visible()
    expect(by(visitor, "landing-actions")).to_be_hidden()

    # The member signs in through the page: asked to check the members and sign the log's first entry
    ada = browser.new_context().new_page()
    member_signs_in(ada, portal, totp_secret, used_step)
    expect(by(ada, "view-start-log")).to_be_visible(timeout=SLOW_MS)
    expect(by(ada, "start-log-member")).to_have_count(1)
    expect(by(ada, "start-log-member")).to_contain_text("Ada, Ombuds")
    by(ada, "start-log-sign").click()
    expect(by(ada, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    assert v1.get("/office/log")["length"] == 1
    by(ada, "case-item").click()
    expect(by(ada, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(REPLY_TEXT)])

    # The visitor's case predates the log: the page asks, once, to compare the fingerprint
    visitor.reload()
    expect(by(visitor, "landing-actions")).to_be_visible()
    fingerprint = by(visitor, "office-fingerprint").inner_text()
    assert len(fingerprint) == 39
    by(visitor, "go-signin").click()
    by(visitor, "signin-codename").fill(CODENAME)
    by(visitor, "signin-submit").click()
    expect(by(visitor, "view-confirm-log")).to_be_visible(timeout=SLOW_MS)
    expect(by(visitor, "confirm-fingerprint")).to_have_text(fingerprint)
    by(visitor, "confirm-log-yes").click()
    expect(by(visitor, "covenant")).to_be_visible(timeout=SLOW_MS)
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(REPLY_TEXT)])
    by(visitor, "signout").click()
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, CODENAME)  # (pinned now: no question asked)
    expect(by(visitor, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(REPLY_TEXT)])


def member_signs_in(page: Page, portal: Portal, totp_secret: str, after_step: int) -> None:
    step = int(time.time() // TOTP_STEP) + 1
    while step <= after_step:
        time.sleep(1)
        step = int(time.time() // TOTP_STEP) + 1
    page.goto(portal.base_url + "/office/")
    by(page, "member-username").fill(USERNAME)
    by(page, "member-password").fill(PASSWORD)
    by(page, "member-totp").fill(pyotp.TOTP(totp_secret).at(step * TOTP_STEP))
    by(page, "member-signin-submit").click()
