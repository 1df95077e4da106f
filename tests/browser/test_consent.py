"""Consent to disclose through the pages (Standards of Practice 5.1; docs/protocol/v2.md section
13): a member asks, in precise words, whether the office may raise a matter with someone; the
visitor reads the request in the secure viewer and accepts, then withdraws; both pages show each
state. The office's proof is then checked from the server's own rows with crypto/consent.py. A
second request is declined, and a third, left unanswered, expires."""

import json
import re
import sqlite3
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from crypto.consent import Decision, consent_state, verify_answer
from crypto.encoding import b64u_decode
from crypto.envelope import envelope_json
from crypto.errors import ConsentError
from crypto.keys import KdfParams, visitor_keys
from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import (
    DATABASE,
    Watch,
    by,
    enrol_first_member,
    instance_files,
    shown,
    sign_in_member,
    start_case,
    watch,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST = "The night shift skips the lock-out procedure, and I am afraid to say so."
WORDS = "Trainees on the night shift are told to skip the lock-out procedure to save time."
WITH = "Senior group leader, Cryogenics"
OTHER_WORDS = "A colleague on the night shift raised the lock-out procedure with the ombuds."
OTHER_WITH = "Head of Human Resources"
LATER_WORDS = "Someone reported that the lock-out procedure is skipped."
WAITING_VISITOR = "Waiting for your answer"
WAITING_OFFICE = "Waiting for the visitor's answer"


@dataclass(frozen=True)
class Sides:
    office: Page
    visitor: Page
    office_seen: Watch
    visitor_seen: Watch


@pytest.fixture
def sides(browser: Browser) -> Iterator[Sides]:
    contexts: list[BrowserContext] = [browser.new_context(), browser.new_context()]
    for context in contexts:
        context.clock.install()  # time runs as usual until a test moves it on
    seen = [watch(c) for c in contexts]
    try:
        yield Sides(contexts[0].new_page(), contexts[1].new_page(), seen[0], seen[1])
    finally:
        for context in contexts:
            context.close()


def _open_case(sides: Sides, portal: Portal) -> list[str]:
    """A visitor's case with one message, open on the member's page; the visitor's codename."""
    enrolled = enrol_first_member(sides.office, portal)
    case = start_case(sides.visitor, portal, enrolled.office_fingerprint)
    write(sides.visitor, FIRST)
    sign_in_member(sides.office, portal, enrolled.totp_secret)
    by(sides.office, "case-item").click()
    expect(by(sides.office, "item-body")).to_have_text([shown(FIRST)])
    return case.codename


def _ask(office: Page, words: str, with_whom: str, until: date, *, named: bool = False) -> None:
    count = by(office, "consent-card").count()
    panel = by(office, "consent-panel")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    by(office, "consent-body").fill(words)
    by(office, "consent-with-input").fill(with_whom)
    by(office, "consent-named-input" if named else "consent-anonymous-input").check()
    by(office, "consent-until-input").fill(until.isoformat())
    by(office, "consent-send").click()
    expect(by(office, "consent-card")).to_have_count(count + 1)


def _state(page: Page, index: int) -> Locator:
    return by(page, "consent-card").nth(index).get_by_test_id("consent-state")


def test_the_visitor_accepts_then_withdraws_declines_another_and_the_office_holds_proof(
    portal: Portal, sides: Sides
) -> None:
    office, visitor = sides.office, sides.visitor
    codename = _open_case(sides, portal)
    until = date.today() + timedelta(days=30)

    # The form says what is missing, beside each field, and sends nothing
    by(office, "consent-panel").locator("summary").click()
    by(office, "consent-send").click()
    for field in ("body", "with", "until"):
        expect(by(office, f"consent-{field}-error")).to_be_visible()
    expect(by(office, "consent-with-input")).to_have_attribute("aria-invalid", "true")
    expect(by(office, "consent-card")).to_have_count(0)

    # A member asks for consent: anonymously, with the senior group leader, for 30 days
    _ask(office, WORDS, WITH, until)
    expect(by(office, "consent-body-error")).to_be_hidden()
    card = by(office, "consent-card").first
    expect(card.get_by_test_id("item-body")).to_have_text(shown(WORDS))
    expect(card.get_by_test_id("consent-with")).to_have_text(WITH)
    expect(card.get_by_test_id("consent-named")).to_contain_text("Anonymous")
    expect(_state(office, 0)).to_have_text(WAITING_OFFICE)

    # The visitor reads it in the secure viewer (after the covenant, as anything from the office)
    by(visitor, "refresh").click()
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "consent-card")).to_have_count(1)
    mine = by(visitor, "consent-card").first
    expect(mine.get_by_test_id("item-body")).to_have_text(shown(WORDS))
    expect(mine.get_by_test_id("viewer")).to_have_class(re.compile(r"\blocked\b"))
    expect(mine.get_by_test_id("view-code")).to_be_visible()
    expect(mine.get_by_test_id("consent-with")).to_have_text(WITH)
    expect(_state(visitor, 0)).to_have_text(WAITING_VISITOR)
    expect(mine.get_by_test_id("consent-withdraw")).to_have_count(0)
    expect(by(visitor, "consent-panel")).to_have_count(0)  # only members ask

    # and accepts: both pages say so
    mine.get_by_test_id("consent-accept").click()
    expect(_state(visitor, 0)).to_contain_text("Accepted on")
    expect(mine.get_by_test_id("consent-accept")).to_have_count(0)
    by(office, "refresh").click()
    expect(_state(office, 0)).to_contain_text("Accepted on")

    # then withdraws it
    mine.get_by_test_id("consent-withdraw").click()
    expect(_state(visitor, 0)).to_contain_text("Withdrawn on")
    expect(mine.get_by_test_id("consent-withdraw")).to_have_count(0)
    by(office, "refresh").click()
    expect(_state(office, 0)).to_contain_text("Withdrawn on")

    # A second request, named this time, is declined
    _ask(office, OTHER_WORDS, OTHER_WITH, until, named=True)
    expect(by(office, "consent-card").nth(1).get_by_test_id("consent-named")).to_contain_text("Named")
    by(visitor, "refresh").click()
    expect(by(visitor, "consent-card")).to_have_count(2)
    by(visitor, "consent-card").nth(1).get_by_test_id("consent-decline").click()
    expect(_state(visitor, 1)).to_contain_text("Declined on")
    by(office, "refresh").click()
    expect(_state(office, 1)).to_contain_text("Declined on")
    expect(_state(office, 0)).to_contain_text("Withdrawn on")

    assert sides.office_seen.errors == [], sides.office_seen.errors
    assert sides.visitor_seen.errors == [], sides.visitor_seen.errors

    # The server kept none of the words, and the office's proof is in its rows: each answer is the
    # visitor's, bound to its request
    for path, data in instance_files(portal.instance).items():
        for text in (WORDS, WITH, OTHER_WORDS, OTHER_WITH):
            assert text.encode() not in data, (path, text)
    _check_the_proof(portal, codename)


def _check_the_proof(portal: Portal, codename: list[str]) -> None:
    with urllib.request.urlopen(f"{portal.base_url}/api/v1/office", timeout=10) as answer:  # noqa: S310 (our own URL)
        office = json.load(answer)
    kdf = KdfParams(office["visitor_kdf"]["ops"], office["visitor_kdf"]["mem"])
    keys = visitor_keys(" ".join(codename), office["office_id"], kdf)
    members = {b64u_decode(m["sign_pk"]) for m in office["members"]}
    db = sqlite3.connect(portal.instance / DATABASE)
    try:
        rows = db.execute("SELECT id, kind, header, ciphertext, sig FROM message ORDER BY seq").fetchall()
    finally:
        db.close()
    envelopes = {row[0]: envelope_json(row[2], row[3], row[4]) for row in rows}
    requests = [row[0] for row in rows if row[1] == "consent-request"]
    answers = [row[0] for row in rows if row[1] == "consent-answer"]
    assert len(requests) == 2
    assert len(answers) == 3
    verified: dict[str, list[tuple[Decision, int]]] = {request_id: [] for request_id in requests}
    for answer_id in answers:
        for request_id in requests:
            try:
                got = verify_answer(
                    envelopes[request_id],
                    envelopes[answer_id],
                    keys.sign_pk,
                    box_sk=keys.box_sk,
                    member_sign_pks=members,
                )
            except ConsentError:
                continue  # an answer binds one request only
            verified[request_id].append((got.decision, got.answered_at))
            if request_id == requests[0]:
                assert got.request.body == WORDS
                assert got.request.with_ == WITH
                assert not got.request.named
    assert [d for d, _ in verified[requests[0]]] == ["accept", "withdraw"]
    assert [d for d, _ in verified[requests[1]]] == ["decline"]
    now = int(datetime.now().timestamp())
    first = verify_answer(
        envelopes[requests[0]], envelopes[answers[0]], keys.sign_pk, box_sk=keys.box_sk, member_sign_pks=members
    )
    assert consent_state(first.request, verified[requests[0]], now).state == "withdrawn"


def test_a_request_left_unanswered_expires_on_both_pages(portal: Portal, sides: Sides) -> None:
    office, visitor = sides.office, sides.visitor
    _open_case(sides, portal)

    # A request until the end of today, which the visitor sees waiting for an answer
    _ask(office, LATER_WORDS, WITH, date.today())
    by(visitor, "refresh").click()
    by(visitor, "covenant-accept").click()
    expect(_state(visitor, 0)).to_have_text(WAITING_VISITOR)
    expect(by(visitor, "consent-accept")).to_be_visible()

    # Ten days later, both pages say it expired at the end of that day, and it can no longer be answered
    later = datetime.now() + timedelta(days=10)
    for page in (office, visitor):
        page.clock.set_system_time(later)
        by(page, "refresh").click()
        expect(_state(page, 0)).to_have_text(re.compile(r"^Expired on "))
    expect(by(visitor, "consent-accept")).to_have_count(0)
    expect(by(visitor, "consent-decline")).to_have_count(0)
