"""End to end through the pages, as people use them: a member enrols, a visitor opens a case and
writes, the member reads and replies, the visitor comes back with the codename and reads the
reply. Then the server's folder and log are searched for anything that should never be there."""

import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, Request, WebError, expect

from tests.browser.conftest import Portal

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VISITOR_TEXT = "My manager, Jordan Example, shouted at me on 3 March.\nCan we talk?"
REPLY_TEXT = "Thank you for writing. We can meet off-site; nothing goes in your file."
USERNAME = "ada.ombuds"
DISPLAY_NAME = "Ada, Ombuds"
PASSWORD = "violet staple horizon quartz 42"
SLOW_MS = 90_000  # Argon2id at 64 MiB plus a proof of work, on a slow machine
TOTP_STEP = 30
DATABASE = "sottovoce.db"
EXPECTED_REFUSAL = "status of 401"
# The secure viewer writes the view's code into an opened item's text in zero-width characters.
INVISIBLE = "[\u200b\u200c\u2060]*"


@dataclass
class Watch:
    """What the pages of one browser context did that a test should see: errors, requests."""

    errors: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def watch(context: BrowserContext) -> Watch:
    seen = Watch()

    def on_console(message: ConsoleMessage) -> None:
        # CSP and Trusted Types violations are reported here too; a refused sign-in is expected.
        if message.type == "error" and EXPECTED_REFUSAL not in message.text:
            seen.errors.append(message.text)

    def on_error(error: WebError) -> None:
        seen.errors.append(str(error.error))

    def on_request(request: Request) -> None:
        seen.urls.append(request.url)

    context.on("console", on_console)
    context.on("weberror", on_error)
    context.on("request", on_request)
    return seen


def by(page: Page, test_id: str) -> Locator:
    return page.get_by_test_id(test_id)


def shown(text: str) -> re.Pattern[str]:
    """`text` as the viewer shows it: the same visible characters, its view code invisible among them."""
    return re.compile(f"^{INVISIBLE}{INVISIBLE.join(re.escape(c) for c in text)}{INVISIBLE}$")


def milliseconds(text: str | None) -> int:
    found = re.search(r"in (\d+) ms", text or "")
    assert found, f"no timing in {text!r}"
    return int(found.group(1))


@dataclass(frozen=True)
class Enrolled:
    totp_secret: str
    office_fingerprint: str


@dataclass(frozen=True)
class Case:
    codename: list[str]
    kdf_ms: int
    pow_ms: int


def enrol_first_member(page: Page, portal: Portal) -> Enrolled:
    page.goto(portal.enrol_url)
    expect(by(page, "view-form")).to_be_visible()
    assert "#" not in page.url, "the invitation token must leave the address bar"
    secret = (by(page, "totp-secret").text_content() or "").replace(" ", "")
    by(page, "enrol-username").fill(USERNAME)
    by(page, "enrol-display-name").fill(DISPLAY_NAME)
    by(page, "enrol-password").fill(PASSWORD)
    by(page, "enrol-confirm").fill(PASSWORD)
    expect(by(page, "password-strength")).to_contain_text("strong")
    by(page, "enrol-totp").fill(pyotp.TOTP(secret).now())
    by(page, "enrol-submit").click()
    expect(by(page, "view-done")).to_be_visible(timeout=SLOW_MS)
    return Enrolled(secret, by(page, "done-office-fingerprint").text_content() or "")


def start_case(page: Page, portal: Portal, office_fingerprint: str) -> Case:
    page.goto(portal.base_url + "/")
    expect(by(page, "office-fingerprint")).to_have_text(office_fingerprint)
    by(page, "start-case").click()
    expect(by(page, "view-codename")).to_be_visible()
    words = by(page, "codename-word").all_text_contents()
    assert len(words) == 8
    by(page, "codename-written").click()
    for i in (1, 2):
        position = int(by(page, f"check-label-{i}").get_attribute("data-position") or "0")
        by(page, f"check-word-{i}").fill(words[position - 1])
    by(page, "check-submit").click()
    expect(by(page, "view-thread")).to_be_visible(timeout=SLOW_MS)
    kdf_ms = milliseconds(by(page, "kdf-timing").text_content())
    pow_ms = milliseconds(by(page, "pow-timing").text_content())
    return Case(words, kdf_ms, pow_ms)


def write(page: Page, text: str) -> None:
    count = by(page, "thread-item").count()
    by(page, "write-body").fill(text)
    by(page, "send").click()
    expect(by(page, "thread-item")).to_have_count(count + 1)
    expect(by(page, "item-body").last).to_have_text(shown(text))


def sign_in_member(page: Page, portal: Portal, totp_secret: str) -> int:
    page.goto(portal.base_url + "/office/")
    by(page, "member-username").fill(USERNAME)
    by(page, "member-password").fill(PASSWORD)
    # A code is good once: the one for the next step is newer than enrolment's, and the server
    # accepts one step either side of its clock.
    by(page, "member-totp").fill(pyotp.TOTP(totp_secret).at(time.time() + TOTP_STEP))
    by(page, "member-signin-submit").click()
    expect(by(page, "view-inbox")).to_be_visible(timeout=SLOW_MS)
    return milliseconds(by(page, "member-kdf-timing").text_content())


def sign_in_visitor(page: Page, typed: str) -> None:
    by(page, "signin-codename").fill(typed)
    by(page, "signin-submit").click()
    expect(by(page, "view-thread")).to_be_visible(timeout=SLOW_MS)


def sign_in_fails(page: Page, typed: str, message: str) -> None:
    by(page, "signin-codename").fill(typed)
    by(page, "signin-submit").click()
    expect(by(page, "error")).to_contain_text(message, timeout=SLOW_MS)
    expect(by(page, "view-signin")).to_be_visible()


def instance_files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def held_database(portal: Portal) -> Iterator[None]:
    """The server opens and closes SQLite per request, which folds the WAL back and deletes it;
    a connection held open here keeps it, as a seized running server would have it."""
    holder = sqlite3.connect(portal.instance / DATABASE)
    try:
        holder.execute("SELECT count(*) FROM sqlite_master").fetchall()
        yield
    finally:
        holder.close()


@pytest.mark.usefixtures("held_database")
def test_a_visitor_and_a_member_talk_and_the_server_keeps_nothing_readable(
    portal: Portal, browser: Browser, record_property: Callable[[str, object], None]
) -> None:
    office_context, visitor_context = browser.new_context(), browser.new_context()
    office_seen, visitor_seen = watch(office_context), watch(visitor_context)
    office, visitor = office_context.new_page(), visitor_context.new_page()

    # Given the first member, enrolled through the page
    member = enrol_first_member(office, portal)

    # When a visitor opens a case and writes
    case = start_case(visitor, portal, member.office_fingerprint)
    write(visitor, VISITOR_TEXT)
    expect(by(visitor, "item-from").last).to_have_text("You")

    # Then the member finds it in the inbox, reads it and replies
    member_kdf_ms = sign_in_member(office, portal, member.totp_secret)
    expect(by(office, "no-grant-notice")).to_be_hidden()
    expect(by(office, "case-item")).to_have_count(1)
    by(office, "case-item").click()
    expect(by(office, "item-body")).to_have_text([shown(VISITOR_TEXT)])
    expect(by(office, "item-from")).to_have_text(["Visitor"])
    write(office, REPLY_TEXT)

    # And the visitor's Refresh asks first for the confidentiality-both-ways statement, then
    # brings the reply, from the member by name
    by(visitor, "refresh").click()
    expect(by(visitor, "covenant")).to_be_visible()
    expect(by(visitor, "item-body")).to_have_text([shown(VISITOR_TEXT)])
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "covenant")).to_be_hidden()
    expect(by(visitor, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(REPLY_TEXT)])
    expect(by(visitor, "item-from")).to_have_text(["You", DISPLAY_NAME])

    # And, signed out and back with the codename (typed loosely), the visitor reads it again
    by(visitor, "signout").click()
    expect(by(visitor, "view-landing")).to_be_visible()
    expect(by(visitor, "thread-item")).to_have_count(0)
    assert visitor.eval_on_selector_all(
        "input, textarea", "els => els.every(e => (e.type === 'checkbox' ? !e.checked : e.value === ''))"
    )
    # (a typo and a codename of the right words in the wrong order are refused, and say why)
    by(visitor, "go-signin").click()
    sign_in_fails(visitor, " ".join([*case.codename[:7], "notaword"]), "Word 8 is not one of the codename words")
    shuffled = " ".join(case.codename[1:] + case.codename[:1])
    sign_in_fails(visitor, shuffled, "No case opens with this codename")
    typed = "  " + "   ".join(w.upper() if i % 2 else w for i, w in enumerate(case.codename)) + "\n"
    sign_in_visitor(visitor, typed)
    expect(by(visitor, "item-body")).to_have_text([shown(VISITOR_TEXT), shown(REPLY_TEXT)])
    expect(by(visitor, "item-from")).to_have_text(["You", DISPLAY_NAME])

    # The server's folder (database, WAL and all) and its log hold nothing readable
    stored = instance_files(portal.instance)
    names = sorted(p.name for p in stored)
    assert {DATABASE, DATABASE + "-wal"} <= set(names), f"database files missing: {names}"
    log = portal.log.read_bytes()
    secrets = {
        "the visitor's message": VISITOR_TEXT,
        "the reply": REPLY_TEXT,
        "the codename": " ".join(case.codename),
        "the codename as typed": typed.strip(),
        "a wrong codename tried": shuffled,
        "the password": PASSWORD,
        "the TOTP secret": member.totp_secret,
    }
    for what, value in secrets.items():
        for path, data in [*stored.items(), (portal.log, log)]:
            assert value.encode() not in data, f"{what} is in {path.name}"
    assert b"127.0.0.1" not in log, "the server log holds a client address"
    assert b"POST /api/v1/cases 201" in log, "the log should be there, just without identifiers"

    # Every page stayed within the portal and broke no rule of its CSP
    for seen in (office_seen, visitor_seen):
        assert seen.errors == []
        assert all(u.startswith((portal.base_url + "/", "data:", "blob:")) for u in seen.urls), seen.urls

    difficulty = visitor.evaluate("fetch('/api/v1/office').then(r => r.json()).then(o => o.pow.difficulty)")
    print(
        f"\n[timings in Chromium] visitor key derivation (Argon2id, default parameters): {case.kdf_ms} ms; "
        f"proof of work at difficulty {difficulty}: {case.pow_ms} ms; member key derivation: {member_kdf_ms} ms\n"
        f"[searched for secrets] {', '.join(p.name for p in [*stored, portal.log])}"
    )
    record_property("visitor_kdf_ms", case.kdf_ms)
    record_property("pow_ms", case.pow_ms)
    record_property("pow_difficulty", difficulty)
    record_property("member_kdf_ms", member_kdf_ms)
    office_context.close()
    visitor_context.close()
