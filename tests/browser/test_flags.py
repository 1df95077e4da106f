"""Flags through the pages (issue 12, "If ever any suspicion of retaliation would materialise,
Jane would contact the Ombuds immediately"): a visitor raises "I think I am facing retaliation";
a member's open page shows an alert at once (role="alert"), which says "retaliation" once the
page has opened the sealed message; the inbox lists the flagged case first until a member
acknowledges it; a visitor marks a message urgent as they write it, and another afterwards; each
flag emails a subscribed member at once, through a real SMTP server, saying nothing more than any
alert; and neither the database nor the server's log holds the word "retaliation"."""

import re
import sqlite3
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import (
    DATABASE,
    by,
    enrol_first_member,
    shown,
    sign_in_member,
    start_case,
    watch,
    write,
)
from tests.mailbox import Mailbox, mailbox

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ADDRESS = "ada@ombuds.example.org"
FIRST = "I raised the overtime problem with HR last month."
WORDS = "Since my complaint I have been moved to night shifts and left out of meetings."
RETALIATION = f"I think I am facing retaliation.\n\n{WORDS}"
PARKING = "Someone keeps taking the accessible parking space."
AGAIN = "It happened again today."
CALL_ME = "Please call me before Friday."


@pytest.fixture
def box() -> Iterator[Mailbox]:
    with mailbox() as b:
        yield b


@pytest.fixture
def portal_env(box: Mailbox) -> dict[str, str]:
    return {"SOTTOVOCE_NOTIFY_SMTP_HOST": box.host, "SOTTOVOCE_NOTIFY_SMTP_PORT": str(box.port)}


def rows(page: Page) -> Locator:
    return by(page, "case-item")


def alerts(page: Page) -> Locator:
    return page.get_by_role("alert").and_(by(page, "flag-alert"))


def test_a_visitor_raises_retaliation_and_marks_messages_urgent_and_the_office_is_alerted_at_once(
    portal: Portal, browser: Browser, box: Mailbox
) -> None:
    office_context, jane_context = browser.new_context(), browser.new_context()
    seen_office, seen_jane = watch(office_context), watch(jane_context)
    ada, jane = office_context.new_page(), jane_context.new_page()
    colleague = browser.new_context().new_page()
    for page in (ada, jane, colleague):
        page.set_default_timeout(20_000)
    holder = sqlite3.connect(portal.instance / DATABASE)  # keeps the WAL in place, as a running server has it
    holder.execute("SELECT 1").fetchall()

    # Ada asks for email alerts and watches the inbox
    enrolled = enrol_first_member(ada, portal)
    sign_in_member(ada, portal, enrolled.totp_secret)
    by(ada, "nav-alerts").click()
    by(ada, "alerts-email").fill(ADDRESS)
    by(ada, "alerts-save").click()
    expect(by(ada, "alerts-state")).to_contain_text(f"On: an alert goes to {ADDRESS}")
    by(ada, "nav-cases").click()

    # Jane writes; then another visitor, whose case is then the newest activity
    start_case(jane, portal, enrolled.office_fingerprint)
    write(jane, FIRST)
    assert len(box.wait_for(1, timeout=30)) == 1  # (the first news of the interval)
    expect(rows(ada)).to_have_count(1)
    jane_case = by(ada, "case-title").first.text_content() or ""
    assert re.fullmatch(r"Case c_[\w-]{8}", jane_case), jane_case
    start_case(colleague, portal, enrolled.office_fingerprint)
    write(colleague, PARKING)
    expect(rows(ada)).to_have_count(2)
    expect(by(ada, "case-title").first).not_to_have_text(jane_case)

    # Jane raises retaliation, with a few words; the page says what the server learns
    expect(by(jane, "retaliation-open")).to_be_visible()
    expect(by(jane, "retaliation")).to_contain_text("learns only that a message is flagged")
    by(jane, "retaliation-open").click()
    by(jane, "retaliation-words").fill(WORDS)
    by(jane, "retaliation-send").click()
    expect(by(jane, "thread-item")).to_have_count(2)
    expect(by(jane, "item-body").last).to_have_text(shown(RETALIATION))
    expect(by(jane, "thread-item").last.get_by_test_id("item-flagged")).to_have_text("Retaliation alert")
    expect(by(jane, "retaliation-form")).to_be_hidden()

    # Ada's open page alerts at once, naming the case, and the inbox puts it first
    expect(alerts(ada)).to_have_count(1)
    expect(alerts(ada)).to_contain_text(f"Urgent: the visitor of {jane_case} flagged a message")
    expect(by(ada, "case-title").first).to_have_text(jane_case)
    expect(rows(ada).first.get_by_test_id("case-flagged")).to_have_text("Flagged by the visitor")
    # …and an email went out at once, within the interval, saying no more than any alert
    assert len(box.wait_for(2, timeout=30)) == 2
    said = box.raw[1].decode().lower()
    assert "new activity on the ombuds portal" in said
    for secret in ("retaliation", "urgent", "night shifts", jane_case.lower()):
        assert secret not in said

    # Newer activity elsewhere does not push the flagged case down
    write(colleague, AGAIN)
    expect(rows(ada).last.get_by_test_id("case-unread")).to_have_text("2 unread")
    expect(by(ada, "case-title").first).to_have_text(jane_case)

    # Opening the case reads the sealed message: the alert now says "retaliation"; Ada acknowledges
    by(ada, "flag-alert-open").click()
    expect(by(ada, "item-body")).to_have_text([shown(FIRST), shown(RETALIATION)])
    expect(by(ada, "thread-item").last.get_by_test_id("item-flagged")).to_have_text("Retaliation alert")
    expect(alerts(ada)).to_contain_text(f"Retaliation: the visitor of {jane_case} says they are facing retaliation")
    expect(by(ada, "case-flag")).to_be_visible()
    expect(by(ada, "case-flag-text")).to_contain_text("Flagged by the visitor")
    by(ada, "flag-acknowledge").click()
    expect(by(ada, "case-flag")).to_be_hidden()
    expect(alerts(ada)).to_have_count(0)

    # Jane marks a new message urgent as she writes it: Ada's open case shows it, and alerts again
    by(jane, "write-urgent").check()
    write(jane, CALL_ME)
    expect(by(jane, "thread-item").last.get_by_test_id("item-flagged")).to_have_text("Urgent")
    expect(by(jane, "write-urgent")).not_to_be_checked()
    expect(alerts(ada)).to_have_count(1)
    expect(alerts(ada)).to_contain_text(f"Urgent: the visitor of {jane_case}")
    expect(by(ada, "item-body").last).to_have_text(shown(CALL_ME))
    expect(by(ada, "thread-item").last.get_by_test_id("item-flagged")).to_have_text("Urgent")
    assert len(box.wait_for(3, timeout=30)) == 3

    # …and her first message afterwards
    first = by(jane, "thread-item").first
    first.get_by_test_id("item-flag").click()
    expect(first.get_by_test_id("item-flagged")).to_have_text("Urgent")
    expect(first.get_by_test_id("item-flag")).to_have_count(0)
    expect(alerts(ada)).to_have_count(2)
    expect(by(ada, "thread-item").first.get_by_test_id("item-flagged")).to_have_text("Urgent")
    assert len(box.wait_for(4, timeout=30)) == 4

    # The server learnt only that items were flagged: no "retaliation" on its disk or in its log
    stored = b"".join(p.read_bytes() for p in sorted(portal.instance.glob(DATABASE + "*")))
    holder.close()
    assert b"retaliation" not in stored.lower()
    assert WORDS.encode() not in stored
    assert "retaliation" not in portal.log.read_text().lower()
    assert seen_office.errors == []
    assert seen_jane.errors == []
