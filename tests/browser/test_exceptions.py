"""The exceptions to confidentiality (issue 12; Standards of Practice 5.2): a member records a
decision to lift confidentiality on an imminent risk of serious harm in a case; the office reads
it in its register; the server holds no word of it."""

import sqlite3

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import (
    DATABASE,
    by,
    enrol_first_member,
    instance_files,
    sign_in_member,
    start_case,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST = "Someone on my floor said he will hurt himself tonight."
REASON = "Stated intention of self-harm tonight; called the on-call doctor at 18:05."
TO = "Occupational health physician on call"


def test_an_exception_is_recorded_in_a_case_read_in_the_register_and_sealed_from_the_server(
    portal: Portal, browser: Browser
) -> None:
    office, visitor = browser.new_context().new_page(), browser.new_context().new_page()
    enrolled = enrol_first_member(office, portal)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, FIRST)
    sign_in_member(office, portal, enrolled.totp_secret)
    by(office, "case-item").click()
    expect(by(office, "exception-case-none")).to_have_count(1)

    # A form sent empty says what each field needs, all at once, and records nothing
    by(office, "exception-panel").locator("summary").click()
    by(office, "exception-record").click()
    for field in ("reason", "to", "confirm"):
        expect(by(office, f"exception-{field}-error")).to_be_visible()
    expect(by(office, "error")).to_contain_text("3 fields need changing")
    expect(by(office, "exception-reason")).to_be_focused()

    # Filled in and confirmed, it is recorded, and listed under the case
    by(office, "exception-reason").fill(REASON)
    by(office, "exception-to").fill(TO)
    by(office, "exception-confirm").check()
    by(office, "exception-record").click()
    expect(by(office, "status")).to_contain_text("recorded in the office's register")
    expect(by(office, "exception-case-record")).to_have_count(1)
    expect(by(office, "exception-case-record")).to_contain_text(f"disclosed to {TO}")
    expect(by(office, "exception-reason-error")).to_be_hidden()
    expect(by(office, "exception-reason")).to_have_value("")

    # The register (Records tab) lists it with its reason, opened in the browser
    by(office, "nav-destructions").click()
    expect(by(office, "exception-count")).to_have_text("1 exception recorded.")
    row = by(office, "exception-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("exception-reason-text")).to_have_text(REASON)
    expect(row).to_contain_text(TO)

    # On a phone, the register scrolls inside its box rather than widening the page
    office.set_viewport_size({"width": 390, "height": 844})
    assert office.evaluate("document.documentElement.scrollWidth <= innerWidth")

    # The server holds none of it: not the reason, not to whom, not in the database nor the log
    files = instance_files(portal.instance)
    assert portal.instance / DATABASE in files
    for path, data in files.items():
        assert REASON.encode() not in data, path
        assert TO.encode() not in data, path
    with sqlite3.connect(portal.instance / DATABASE) as db:
        assert db.execute("SELECT count(*) FROM exception_record").fetchone() == (1,)
    log = portal.log.read_text()
    assert REASON not in log
    assert TO not in log
