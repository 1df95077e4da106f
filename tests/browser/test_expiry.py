"""Lifetimes and retention through the pages, on a portal whose lifetimes last seconds: a member
fills the write box from a sealed template and sends it as a guidance note that lives a few
seconds; the visitor sees it labelled, counting down, and both pages drop it the moment it
expires, without a reload. A view-once message is gone from the server once read. The member
closes the case, the visitor sees when it will be destroyed and destroys it, and the destruction
log counts what went, and why."""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import (
    Watch,
    by,
    enrol_first_member,
    instance_files,
    sign_in_fails,
    sign_in_member,
    start_case,
    watch,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIFETIME_S = 12  # the short lifetime offered: long enough for the visitor to open the note in time
VISITOR_TEXT = "Is there someone I can talk to about my team's rota?"
TEMPLATE_TEXT = "How we work: informal, confidential, independent.\nWe keep no record for the organisation."
TEMPLATE_LABEL = "How we work: informal, confidential, independent."
THANKS_TEXT = "Thank you, that helps."
ONCE_TEXT = "A phone number to call us on, shown once: 0100 000 000."
REMOVAL_SLACK_S = 1.0  # how late after the server's expires_at a page may drop the item
EARLY_SLACK_S = 0.6  # the page knows the server's clock to within its Date headers' second
COUNTDOWN = re.compile(r"^expires in (\d+) s$")
INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff]*"  # the view's code, which the viewer writes into the text
CASE_DESTROYED = "Your case and everything in it are destroyed"
NO_CASE = "No case opens with this codename"
CASE_GONE = "This case no longer exists"
# Chromium logs every answer of 404 as an error: the member's page meets two, and handles both
# (the views of the view-once message, destroyed once read; the case, destroyed by the visitor).
GONE_LOGGED = "the server responded with a status of 404"


@pytest.fixture
def portal_env() -> dict[str, str]:
    """Lifetimes of seconds, offered in the write box, and a purge every second."""
    return {
        "SOTTOVOCE_MESSAGES_TTL_MIN_SECONDS": "1",
        "SOTTOVOCE_MESSAGES_TTL_CHOICES": f"{LIFETIME_S},3600",
        "SOTTOVOCE_PURGE_INTERVAL_SECONDS": "1",
    }


@dataclass(frozen=True)
class People:
    office: Page
    visitor: Page
    office_seen: Watch
    visitor_seen: Watch


@pytest.fixture
def people(browser: Browser) -> Iterator[People]:
    office_context, visitor_context = browser.new_context(), browser.new_context()
    office_seen, visitor_seen = watch(office_context), watch(visitor_context)
    try:
        yield People(office_context.new_page(), visitor_context.new_page(), office_seen, visitor_seen)
    finally:
        office_context.close()
        visitor_context.close()


def shown(text: str) -> re.Pattern[str]:
    """`text` as an opened item shows it: with its view code in zero-width characters anywhere."""
    return re.compile(f"^{INVISIBLE}{INVISIBLE.join(re.escape(c) for c in text)}{INVISIBLE}$")


def watch_removal(page: Page, item_id: str) -> None:
    """Records in the page (window.__removedAt, device ms) when the item leaves the thread, and
    marks the document, so that a reload would show (it would lose both)."""
    page.evaluate(
        """(id) => {
            window.__sameDocument = true;
            const list = document.querySelector('[data-testid="thread-items"]');
            const observer = new MutationObserver(() => {
                if (!list.querySelector(`[data-item-id="${id}"]`)) {
                    window.__removedAt = Date.now();
                    observer.disconnect();
                }
            });
            observer.observe(list, { childList: true });
        }""",
        item_id,
    )


def removed_at(page: Page) -> float:
    """When the watched item left the page, in Unix seconds; the document must be the same."""
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    value = page.evaluate("window.__removedAt")
    assert isinstance(value, int | float), "the item was not removed"
    return float(value) / 1000


def expires_at(item: Locator) -> float:
    """The item's expiry (the server's expires_at) as its countdown states it, in Unix seconds."""
    return datetime.fromisoformat(item.get_by_test_id("item-expiry").get_attribute("datetime") or "").timestamp()


def countdown_seconds(item: Locator) -> int:
    found = COUNTDOWN.match(item.get_by_test_id("item-expiry").text_content() or "")
    assert found, "no countdown in seconds"
    return int(found.group(1))


def test_a_guidance_note_counts_down_and_leaves_both_pages_when_it_expires(portal: Portal, people: People) -> None:
    office, visitor = people.office, people.visitor

    # Given a visitor's case and a member reading it
    member = enrol_first_member(office, portal)
    case = start_case(visitor, portal, member.office_fingerprint)
    expect(by(visitor, "retention-text")).to_contain_text("This case and everything in it will be destroyed on")
    expect(by(visitor, "retention-text")).to_contain_text("unless there is new activity")
    # (the lifetimes offered are the office's, in words, and "until the case is destroyed")
    expect(by(visitor, "write-ttl").locator("option")).to_have_text(
        [f"{LIFETIME_S} seconds", "1 hour", "Until the case is destroyed"]
    )
    expect(by(visitor, "write-ttl")).to_have_value("")
    write(visitor, VISITOR_TEXT)
    expect(by(visitor, "item-expiry")).to_have_count(0)
    sign_in_member(office, portal, member.totp_secret)
    by(office, "case-item").click()
    expect(by(office, "item-body")).to_have_text([shown(VISITOR_TEXT)])
    expect(by(office, "retention-text")).to_contain_text("Open")
    case_title = by(office, "thread-title").text_content() or ""
    assert case_title.startswith("Case c_")

    # When the member saves a template, fills the write box from it and sends it as guidance
    # that lives LIFETIME_S seconds
    by(office, "write-body").fill(TEMPLATE_TEXT)
    by(office, "template-save").click()
    expect(by(office, "status")).to_contain_text("Saved as a template")
    by(office, "write-body").fill("")
    by(office, "write-kind").select_option("message")
    by(office, "write-template").select_option(label=TEMPLATE_LABEL)
    by(office, "template-use").click()
    expect(by(office, "write-body")).to_have_value(TEMPLATE_TEXT)
    expect(by(office, "write-kind")).to_have_value("guidance")
    by(office, "write-ttl").select_option(label=f"{LIFETIME_S} seconds")
    by(office, "send").click()
    expect(by(office, "item-body")).to_have_text([shown(VISITOR_TEXT), TEMPLATE_TEXT])
    office_note = by(office, "thread-item").last
    expect(office_note.locator(".kind")).to_contain_text("Guidance")
    expect(office_note.get_by_test_id("item-expiry")).to_have_text(COUNTDOWN)
    # (the write box is back to a plain message; the lifetime stays as chosen)
    expect(by(office, "write-kind")).to_have_value("message")
    expect(by(office, "write-ttl")).to_have_value(str(LIFETIME_S))

    # Then the visitor, once agreed to keep it confidential, reads it as guidance, counting down
    by(visitor, "refresh").click()
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "item-body")).to_have_text([VISITOR_TEXT, shown(TEMPLATE_TEXT)])
    note = by(visitor, "thread-item").last
    expect(note).to_have_attribute("data-kind", "guidance")
    expect(note.locator(".kind")).to_contain_text("Guidance")
    expect(note.get_by_test_id("item-expiry")).to_have_text(COUNTDOWN)
    note_id = note.get_attribute("data-item-id") or ""
    deadline = expires_at(note)
    watch_removal(visitor, note_id)
    watch_removal(office, note_id)
    left = countdown_seconds(note)
    assert 1 <= left <= LIFETIME_S
    expect(note.get_by_test_id("item-expiry")).not_to_have_text(f"expires in {left} s")  # it ticks
    write(visitor, THANKS_TEXT)
    by(office, "refresh").click()
    expect(by(office, "item-body")).to_have_text([shown(VISITOR_TEXT), TEMPLATE_TEXT, shown(THANKS_TEXT)])

    # And both pages drop it when it expires, by the server's clock, without a reload
    wait_ms = (deadline - time.time() + 5) * 1000
    expect(by(visitor, "item-body")).to_have_text([VISITOR_TEXT, THANKS_TEXT], timeout=wait_ms)
    expect(by(office, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(THANKS_TEXT)], timeout=5000)
    for page in (visitor, office):
        late = removed_at(page) - deadline
        assert -EARLY_SLACK_S <= late <= REMOVAL_SLACK_S, f"removed {late:+.2f} s from its expiry"
    # (and the server has destroyed it: a listing does not bring it back)
    by(visitor, "refresh").click()
    expect(by(visitor, "item-body")).to_have_text([VISITOR_TEXT, THANKS_TEXT])

    # A view-once message says so, and once read it is gone from the server
    by(office, "write-ttl").select_option(label="Until the case is destroyed")
    by(office, "write-view-once").check()
    write(office, ONCE_TEXT)
    expect(by(office, "item-view-once").last).to_contain_text("as soon as it has been opened")
    expect(by(office, "write-view-once")).not_to_be_checked()
    by(visitor, "refresh").click()
    by(visitor, "view-once-open").click()  # (it waits for the visitor to choose to read it)
    expect(by(visitor, "item-body")).to_have_text([VISITOR_TEXT, THANKS_TEXT, shown(ONCE_TEXT)])
    expect(by(visitor, "item-view-once")).to_contain_text("shown to you this once and is now gone from the server")
    by(office, "back-to-inbox").click()
    by(office, "case-item").click()
    expect(by(office, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(THANKS_TEXT)])
    expect(by(office, "item-spent")).to_contain_text("Read once by the visitor on")  # (its record stays)
    # ... yet the visitor's view of it can still be traced (the record outlives the content)
    once_code = by(visitor, "view-code").last.inner_text()
    by(office, "nav-trace").click()
    by(office, "trace-code").fill(once_code)
    by(office, "trace-submit").click()
    expect(by(office, "trace-by")).to_have_text("the visitor")
    expect(by(office, "trace-destroyed")).to_contain_text("destroyed since")
    by(office, "trace-open-case").click()
    expect(by(office, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(THANKS_TEXT)])  # (loaded)

    # The member closes the case (after confirming); the visitor learns when it will be destroyed
    by(office, "close-case").click()
    by(office, "close-confirm-yes").click()
    expect(by(office, "retention-text")).to_contain_text("Closed")
    expect(by(office, "close-case")).to_be_hidden()
    by(visitor, "refresh").click()
    expect(by(visitor, "retention-text")).to_contain_text("The office has closed this case")

    # The visitor destroys the case: a confirmation first, then signed out and wiped
    by(visitor, "destroy-case").click()
    by(visitor, "destroy-confirm-no").click()
    expect(by(visitor, "destroy-confirm")).to_have_count(0)
    expect(by(visitor, "view-thread")).to_be_visible()
    by(visitor, "destroy-case").click()
    expect(by(visitor, "destroy-confirm")).to_contain_text("cannot be undone")
    by(visitor, "destroy-confirm-yes").click()
    expect(by(visitor, "view-landing")).to_be_visible()
    expect(by(visitor, "status")).to_contain_text(CASE_DESTROYED)
    expect(by(visitor, "thread-item")).to_have_count(0)
    by(visitor, "go-signin").click()
    sign_in_fails(visitor, " ".join(case.codename), NO_CASE)
    # (the member's open thread, at its next listing, says the case is gone)
    by(office, "refresh").click()
    expect(by(office, "view-inbox")).to_be_visible()
    expect(by(office, "error")).to_contain_text(CASE_GONE)
    expect(by(office, "case-item")).to_have_count(0)

    # The destruction log counts it all, per day and reason, and names nothing
    by(office, "nav-destructions").click()
    rows = by(office, "destruction-row")
    expect(rows.and_(office.locator('[data-what="item"][data-reason="expired"]'))).to_have_count(1)
    expect(rows.and_(office.locator('[data-what="item"][data-reason="view_once"]'))).to_have_count(1)
    expect(rows.and_(office.locator('[data-what="case"][data-reason="visitor"]'))).to_have_count(1)
    expect(office.locator('[data-reason="view_once"] [data-testid="destruction-count"]')).to_have_text("1 item")
    expect(office.locator('[data-reason="visitor"] [data-testid="destruction-count"]')).to_have_text("1 case")
    expect(by(office, "view-destructions")).not_to_contain_text(case_title.removeprefix("Case "))

    # Nothing sealed is readable on the server's disk; no page broke a rule of its CSP
    for path, data in instance_files(portal.instance).items():
        for text in (TEMPLATE_TEXT, ONCE_TEXT, VISITOR_TEXT):
            assert text.encode() not in data, f"{text!r} is in {path.name}"
    assert [e for e in people.office_seen.errors if GONE_LOGGED not in e] == []
    assert people.visitor_seen.errors == []
