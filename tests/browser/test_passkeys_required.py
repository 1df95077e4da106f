"""An office that requires passkeys: a member without one is led to register one before anything
else; from then on the code from the authenticator no longer signs them in, the passkey does."""

import time

import pyotp
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Portal
from tests.browser.test_passkeys import sign_in_with_passkey, with_authenticator
from tests.browser.test_relay_flow import PASSWORD, SLOW_MS, TOTP_STEP, USERNAME, by, enrol_first_member

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def portal_env() -> dict[str, str]:
    return {"SOTTOVOCE_PASSKEYS_REQUIRED": "true"}


def test_a_member_without_a_passkey_registers_one_first_and_then_only_it_signs_in(
    portal: Portal, browser: Browser
) -> None:
    ada = browser.new_context().new_page()
    ada.set_default_timeout(20_000)
    with_authenticator(ada)
    enrolled = enrol_first_member(ada, portal)
    step = int(time.time() // TOTP_STEP) + 1

    def with_code(at_step: int) -> None:
        ada.goto(portal.base_url + "/office/")
        by(ada, "member-username").fill(USERNAME)
        by(ada, "member-password").fill(PASSWORD)
        by(ada, "member-totp").fill(pyotp.TOTP(enrolled.totp_secret).at(at_step * TOTP_STEP))
        by(ada, "member-signin-submit").click()

    # The first sign-in, with the code: the office asks for a passkey before anything else
    with_code(step)
    expect(by(ada, "view-passkeys")).to_be_visible(timeout=SLOW_MS)
    expect(by(ada, "passkey-required")).to_be_visible()
    expect(by(ada, "member-nav")).to_be_hidden()
    by(ada, "passkey-name").fill("Office key")
    by(ada, "passkey-add").click()
    expect(by(ada, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    expect(by(ada, "member-nav")).to_be_visible()
    by(ada, "signout").click()

    # The code alone no longer signs her in; the passkey does
    while int(time.time() // TOTP_STEP) + 1 <= step:
        time.sleep(1)
    with_code(int(time.time() // TOTP_STEP) + 1)
    expect(by(ada, "error")).to_contain_text("Sign-in failed", timeout=SLOW_MS)
    sign_in_with_passkey(ada, portal.base_url + "/office/")
    expect(by(ada, "view-inbox")).to_be_visible(timeout=SLOW_MS)

    # Her last passkey cannot be removed while the office requires one; the page says what it would mean
    by(ada, "nav-passkeys").click()
    by(ada, "passkey-remove").click()
    expect(by(ada, "passkey-remove-confirm")).to_contain_text("a colleague grants you the office key again")
    by(ada, "passkey-remove-confirm-yes").click()
    expect(by(ada, "error")).to_contain_text("register another one before you remove your last")
    expect(by(ada, "passkey-item")).to_have_count(1)
