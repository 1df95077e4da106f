"""Passkeys through the member app, with Chromium's virtual authenticator (the DevTools WebAuthn
domain): register one, sign in with it instead of the code, refused at another origin and when an
answer is replayed, and removed after a warning."""

import json
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser, Page, Request, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import PASSWORD, SLOW_MS, USERNAME, by, enrol_first_member, sign_in_member

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def with_authenticator(page: Page, prf: bool = False) -> str:
    """A platform authenticator that holds discoverable credentials and verifies its user (and,
    with `prf`, offers the PRF extension)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
        "hasPrf": prf,
    }
    authenticator: str = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return authenticator


def sign_in_with_passkey(page: Page, url: str) -> None:
    page.goto(url)
    by(page, "member-username").fill(USERNAME)
    by(page, "member-password").fill(PASSWORD)
    by(page, "member-signin-passkey").click()


def register(page: Page, name: str) -> None:
    by(page, "nav-passkeys").click()
    by(page, "passkey-name").fill(name)
    by(page, "passkey-add").click()
    expect(by(page, "passkey-item").filter(has_text=name)).to_have_count(1)


def test_a_member_registers_a_passkey_and_signs_in_with_it_at_the_portals_address_only(
    portal: Portal, browser: Browser
) -> None:
    ada = browser.new_context().new_page()
    ada.set_default_timeout(20_000)
    with_authenticator(ada)
    enrolled = enrol_first_member(ada, portal)
    sign_in_member(ada, portal, enrolled.totp_secret)
    register(ada, "Laptop passkey")
    expect(by(ada, "status")).to_contain_text("registered")
    by(ada, "signout").click()

    # Signing in with the passkey: no code typed; the answer to the sign-in goes out once
    sessions: list[Request] = []
    ada.on("request", lambda r: sessions.append(r) if r.url.endswith("/auth/session") and r.method == "POST" else None)
    sign_in_with_passkey(ada, portal.base_url + "/office/")
    expect(by(ada, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    answer: dict[str, Any] = json.loads(sessions[-1].post_data or "{}")
    assert "passkey" in answer
    assert "totp" not in answer
    by(ada, "nav-passkeys").click()
    expect(by(ada, "passkey-item")).to_contain_text("last used")

    # The same answer again is refused: its challenge was spent
    replayed = requests.post(portal.base_url + "/api/v1/auth/session", json=answer, timeout=10)
    assert replayed.status_code == 401
    assert replayed.json()["error"]["code"] == "sign_in_failed"

    # At another address of the same server (a look-alike, as far as the passkey knows), no passkey answers
    elsewhere = portal.base_url.replace("localhost", "127.0.0.1") + "/office/"
    other = browser.new_context().new_page()
    with_authenticator(other)
    sign_in_with_passkey(other, elsewhere)
    expect(by(other, "error")).to_contain_text("Passkeys work only at the portal's own address", timeout=SLOW_MS)
    expect(by(other, "view-inbox")).to_be_hidden()

    # Removing the last passkey warns what it means, then it is gone
    by(ada, "passkey-remove").click()
    expect(by(ada, "passkey-remove-confirm")).to_contain_text("your last passkey")
    by(ada, "passkey-remove-confirm-yes").click()
    expect(by(ada, "passkey-none")).to_be_visible()


def test_a_passkey_with_prf_unlocks_the_keys_and_signs_in_without_the_password(
    portal: Portal, browser: Browser
) -> None:
    ada = browser.new_context().new_page()
    ada.set_default_timeout(20_000)
    with_authenticator(ada, prf=True)
    enrolled = enrol_first_member(ada, portal)
    sign_in_member(ada, portal, enrolled.totp_secret)
    register(ada, "Phone passkey")
    by(ada, "passkey-unlock").click()
    expect(by(ada, "passkey-unlock-confirm")).to_contain_text("without your password")
    by(ada, "passkey-unlock-confirm-yes").click()
    expect(by(ada, "passkey-unlocks")).to_be_visible()
    by(ada, "signout").click()

    # The username alone, then the passkey: signed in, the keys open, the case list shows
    sessions: list[Request] = []
    ada.on("request", lambda r: sessions.append(r) if r.url.endswith("/auth/session") and r.method == "POST" else None)
    ada.goto(portal.base_url + "/office/")
    by(ada, "member-username").fill(USERNAME)
    by(ada, "member-signin-unlock").click()
    expect(by(ada, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    sent: dict[str, Any] = json.loads(sessions[-1].post_data or "{}")
    assert "sig" not in sent
    assert sent["passkey"]["clientExtensionResults"] == {}  # the PRF output never leaves the page
    by(ada, "nav-pending").click()
    expect(by(ada, "member-row")).to_have_count(1)  # (the office log verified, the key held)
