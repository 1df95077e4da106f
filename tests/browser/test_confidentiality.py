"""Confidentiality both ways, through the pages: every opened item is shown in the secure viewer,
watermarked with who reads it and the view's code, its text carrying the code invisibly; a leaked
passage or a code read off a copy leads a member to the view; an item its sender did not let the
reader keep cannot be copied or printed, one it may keep can be, still marked; the covenant is
asked once; an XSS payload stays text; idle, sign-out and Back leave nothing to see."""

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Locator, Page, Request, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import (
    DISPLAY_NAME,
    SLOW_MS,
    Case,
    Enrolled,
    Watch,
    by,
    enrol_first_member,
    shown,
    sign_in_member,
    sign_in_visitor,
    start_case,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INVISIBLE = re.compile("[\u200b\u200c\u2060]")
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")
LOCKED = "My manager, Jordan Example, shouted at me in the meeting on 3 March, in front of the whole team."
KEPT = "Here is the timeline you asked for: 3 March, the meeting; 5 March, the e-mail; 9 March, HR."
REPLY_LOCKED = (
    "Thank you for telling us. We can meet off-site next Tuesday; nothing you say goes into your file, "
    "and we will not contact your manager unless you ask us to. Please keep this message to yourself."
)
REPLY_KEPT = "Our address for the meeting: 12 Quiet Street, second floor. Keep this note if it helps you."
XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"
CLIPBOARD_SENTINEL = "nothing copied yet"
UNKNOWN_CODE_LOGGED = "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
MIN_PASSAGE = 120  # static/js/ui/fingerprint.js: a passage this long carries a whole mark


@pytest.fixture
def portal_env() -> dict[str, str]:
    """An easier proof of work: these tests open several cases; the relay test keeps the default."""
    return {"SOTTOVOCE_POW_DIFFICULTY": "12"}


@pytest.fixture
def chromium_defaults_left_out() -> list[str]:
    """The back/forward cache on, as in people's browsers: Back must not bring a view back."""
    return ["--disable-back-forward-cache"]


@dataclass
class Side:
    """One person's browser: its page, what it did, the bearer tokens it sent, dialogs it raised."""

    context: BrowserContext
    page: Page
    seen: Watch
    tokens: list[str]
    dialogs: list[str]


@pytest.fixture
def open_side(browser: Browser) -> Iterator[Callable[..., Side]]:
    contexts: list[BrowserContext] = []

    def open_side(clock: bool = False) -> Side:
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
        contexts.append(context)
        if clock:
            context.clock.install()  # time runs as usual until the test moves it on
        side = Side(context, context.new_page(), watch(context), [], [])

        def on_request(request: Request) -> None:
            auth = request.headers.get("authorization", "")
            if auth.startswith("Bearer ") and auth[7:] not in side.tokens:
                side.tokens.append(auth[7:])

        def on_dialog(dialog: Dialog) -> None:
            side.dialogs.append(dialog.message)
            dialog.dismiss()

        context.on("request", on_request)
        side.page.on("dialog", on_dialog)
        return side

    try:
        yield open_side
    finally:
        for context in contexts:
            context.close()


# --- Helpers --------------------------------------------------------------------------------


def send(page: Page, text: str, keep: bool = False) -> Locator:
    """Writes and sends `text` (the reader may keep a copy if `keep`); returns its item."""
    count = by(page, "thread-item").count()
    by(page, "write-body").fill(text)
    by(page, "write-keep").set_checked(keep)
    by(page, "send").click()
    expect(by(page, "thread-item")).to_have_count(count + 1)
    expect(by(page, "write-keep")).not_to_be_checked()  # a one-off choice: back to "no" after each send
    return item(page, text)


def item(page: Page, text: str) -> Locator:
    return by(page, "thread-item").filter(has=page.get_by_test_id("item-body").filter(has_text=shown(text)))


def view_code(entry: Locator) -> str:
    code = entry.get_by_test_id("view-code").text_content() or ""
    assert CODE.match(code), code
    return code


def visible(text: str) -> str:
    return INVISIBLE.sub("", text)


def api_get(portal: Portal, path: str, token: str) -> tuple[int, Any]:
    url = portal.base_url + "/api/v1" + path
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310 (our own URL)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, None


def trace(office: Page, *, text: str = "", code: str = "") -> Locator:
    """Runs "Trace a leak" with a pasted text or a typed code; returns the result cards."""
    by(office, "nav-trace").click()
    expect(by(office, "view-trace")).to_be_visible()
    by(office, "trace-text").fill(text)
    by(office, "trace-code").fill(code)
    by(office, "trace-submit").click()
    return by(office, "trace-result")


def traced_to(office: Page, found: Locator, *, code: str, item_id: str, by_name: str) -> None:
    expect(found).to_have_count(1)
    expect(found).to_have_attribute("data-code", code)
    expect(found).to_have_attribute("data-item-id", item_id)
    expect(found.get_by_test_id("trace-by")).to_have_text(by_name)


def open_case(office: Page, items: int) -> None:
    """Opens the one case from the inbox and waits for its `items` items to be shown."""
    by(office, "nav-cases").click()
    expect(by(office, "case-item")).to_have_count(1)
    by(office, "case-item").click()
    expect(by(office, "view-thread")).to_be_visible()
    expect(by(office, "thread-item")).to_have_count(items)


def copy_event_prevented(entry: Locator) -> bool:
    """Dispatches a copy event from the item's text, as the browser does: True if it was refused."""
    return refused(
        entry.get_by_test_id("item-body"),
        "new ClipboardEvent('copy', {bubbles: true, cancelable: true, clipboardData: new DataTransfer()})",
    )


def copy_with_keyboard(page: Page, entry: Locator, tries: int = 20) -> str:
    """Selects the item's text as a mouse would, presses Ctrl+C and returns the clipboard (read
    up to `tries` times, 100 ms apart, until it changes)."""
    entry.scroll_into_view_if_needed()
    page.evaluate("text => navigator.clipboard.writeText(text)", CLIPBOARD_SENTINEL)
    entry.get_by_test_id("item-body").evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"
    )
    page.keyboard.press("Control+C")
    # The copy reaches the clipboard a moment after the key press (under load, later than the
    # next read), so wait a little for a change; a refused copy leaves the sentinel throughout.
    copied: str = page.evaluate(
        "async ([sentinel, tries]) => { for (let i = 0; i < tries; i++) {"
        " const text = await navigator.clipboard.readText();"
        " if (text !== sentinel) return text; await new Promise((r) => setTimeout(r, 100)); }"
        " return navigator.clipboard.readText(); }",
        [CLIPBOARD_SENTINEL, tries],
    )
    page.evaluate("getSelection().removeAllRanges()")
    return copied


def refused(target: Locator, script: str) -> bool:
    """Dispatches an event made by `script` (a JS expression) on `target`: True if prevented."""
    return not target.evaluate(f"el => el.dispatchEvent({script})")


def watermark_covers_the_text(entry: Locator, code: str, reader: str) -> None:
    """The watermark: a layer over the text's box, taking no clicks, hidden from screen readers,
    tiled with an image drawn for this view (who, code, when)."""
    layer = entry.get_by_test_id("watermark")
    expect(layer).to_have_count(1)
    expect(layer).to_have_attribute("aria-hidden", "true")
    expect(layer).to_have_attribute("data-view-code", code)
    expect(layer).to_have_attribute("data-lines", re.compile(re.escape(reader) + ".*" + re.escape(f"View {code}")))
    # (measured at one moment: the thread may still be moving as items and logs arrive)
    box, content, body = entry.evaluate(
        """el => ["watermark", "viewer-content", "item-body"].map((id) => {
            const r = el.querySelector(`[data-testid="${id}"]`).getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height};
        })"""
    )
    assert all(abs(box[k] - content[k]) < 1 for k in ("x", "y", "width", "height")), (box, content)
    assert box["y"] <= body["y"]
    assert box["y"] + box["height"] >= body["y"] + body["height"] - 1
    assert body["height"] > 0
    style = layer.evaluate(
        "el => { const s = getComputedStyle(el); return {pe: s.pointerEvents, pos: s.position, bg: s.backgroundImage,"
        " z: s.zIndex}; }"
    )
    assert (style["pe"], style["pos"], style["z"]) == ("none", "absolute", "1")
    assert style["bg"].startswith('url("data:image/png;base64,'), style["bg"][:40]
    # What is under the middle of the text is the text: the layer takes no clicks.
    # (elementFromPoint sees only the viewport: the case header may push the item below it)
    entry.get_by_test_id("item-body").scroll_into_view_if_needed()
    assert entry.get_by_test_id("item-body").evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"
    )
    # The tile has ink on it: a share of its pixels is drawn.
    inked = layer.evaluate(
        """async (el) => {
            const url = getComputedStyle(el).backgroundImage.slice(5, -2);
            const img = new Image(); img.src = url; await img.decode();
            const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
            const g = c.getContext("2d"); g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
            return n / (px.length / 4);
        }"""
    )
    assert 0.01 < inked < 0.5, inked


def nothing_shown(page: Page, *texts: str) -> None:
    expect(by(page, "thread-item")).to_have_count(0)
    html = visible(page.content())
    for text in texts:
        assert text not in html
        assert text.replace("'", "&#39;") not in html


# --- The tests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    portal: Portal
    member: Enrolled
    case: Case
    office: Side
    visitor: Side


def exchange(portal: Portal, open_side: Callable[..., Side], clock: bool = False) -> Exchange:
    """A member enrolled and signed in; a visitor's case; the visitor writes, the member reads."""
    office, visitor = open_side(clock), open_side(clock)
    member = enrol_first_member(office.page, portal)
    case = start_case(visitor.page, portal, member.office_fingerprint)
    sign_in_member(office.page, portal, member.totp_secret)
    return Exchange(portal, member, case, office, visitor)


def test_every_view_is_watermarked_and_a_leaked_passage_traces_back_to_it(
    portal: Portal, open_side: Callable[..., Side]
) -> None:
    # Given a visitor who wrote, a member who read it and replied, and the visitor who read that
    ex = exchange(portal, open_side)
    office, visitor = ex.office.page, ex.visitor.page
    send(visitor, LOCKED)
    open_case(office, 1)
    theirs = item(office, LOCKED)
    expect(theirs.get_by_test_id("item-body")).to_have_text(shown(LOCKED))
    reply = send(office, REPLY_LOCKED)
    reply_id = reply.get_attribute("data-item-id") or ""
    by(visitor, "refresh").click()
    expect(by(visitor, "covenant")).to_be_visible()
    by(visitor, "covenant-accept").click()
    expect(item(visitor, REPLY_LOCKED)).to_have_count(1)
    trace(office, code="0000000000")  # (a code no view has: the page says so)
    expect(by(office, "trace-unknown")).to_contain_text("No view has this code")

    # Then each view is watermarked over its text: the member's with their name, the visitor's
    # with the case's short code, each with its own view code, which the text also carries
    open_case(office, 2)
    theirs = item(office, LOCKED)
    member_code, theirs_id = view_code(theirs), theirs.get_attribute("data-item-id") or ""
    watermark_covers_the_text(theirs, member_code, DISPLAY_NAME)
    visitor_reply = item(visitor, REPLY_LOCKED)
    visitor_code = view_code(visitor_reply)
    assert visitor_code != member_code
    case_code = (by(visitor, "watermark").last.get_attribute("data-lines") or "").split(" · ")[1]
    assert re.fullmatch(r"Case c_\S{8}", case_code), case_code
    watermark_covers_the_text(visitor_reply, visitor_code, case_code)
    # (the text shown is the text sent, the code hidden in it; the view code shows beside it)
    shown_text: str = visitor_reply.get_by_test_id("item-body").evaluate("el => el.innerText")
    assert visible(shown_text) == REPLY_LOCKED
    assert shown_text != REPLY_LOCKED

    # When the visitor's text leaks (as shown, then as a mail client reflows it, then only two
    # sentences of it), the member's trace finds the visitor's view of that reply
    passage = shown_text[shown_text.index("nothing") :]
    assert len(visible(passage)) >= MIN_PASSAGE
    for leaked in (shown_text, re.sub(r"\s+", " ", shown_text), passage, re.sub(r"\s+", " ", passage)):
        traced_to(office, trace(office, text=leaked), code=visitor_code, item_id=reply_id, by_name="the visitor")
    found = trace(office, text=shown_text)
    case_id = found.get_attribute("data-case-id") or ""
    expect(found.get_by_test_id("trace-item")).to_contain_text(f"Message from {DISPLAY_NAME}")
    # And a code read off a photo of the member's screen (typed loosely) finds the member's view
    typed = member_code.lower().replace("-", " ")
    traced_to(office, trace(office, code=typed), code=member_code, item_id=theirs_id, by_name=f"{DISPLAY_NAME} (you)")
    # And a text cleaned of invisible characters says that it carries no code
    trace(office, text=visible(shown_text))
    expect(by(office, "error")).to_contain_text("No view code is hidden in this text")

    # And each side sees who opened what it sent: the member (back in the case from the trace),
    # that the visitor opened the reply
    trace(office, code=visitor_code).get_by_test_id("trace-open-case").click()
    expect(by(office, "view-thread")).to_be_visible()
    expect(by(office, "thread-item")).to_have_count(2)
    expect(item(office, REPLY_LOCKED).get_by_test_id("view-log-entry")).to_contain_text(["Opened by the visitor"])
    # and, for the visitor's message, which members of the office opened it
    expect(item(office, LOCKED).get_by_test_id("view-log-entry")).to_contain_text([f"Opened by {DISPLAY_NAME} (you)"])

    # And the covenant was asked once, and is recorded: signed out and in again, the visitor
    # is not asked again, and sees that the member opened their message
    covenant_posts = [u for u in ex.visitor.seen.urls if u.endswith("/covenant")]
    assert len(covenant_posts) == 1, covenant_posts
    status, record = api_get(portal, f"/cases/{case_id}", ex.visitor.tokens[-1])
    assert status == 200, status
    assert record["covenant"]["accepted_version"] == record["covenant"]["current_version"]
    assert isinstance(record["covenant"]["accepted_at"], int)
    by(visitor, "signout").click()
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(ex.case.codename))
    expect(item(visitor, REPLY_LOCKED)).to_have_count(1)
    expect(by(visitor, "covenant")).to_be_hidden()
    assert len([u for u in ex.visitor.seen.urls if u.endswith("/covenant")]) == 1
    opened_by = item(visitor, LOCKED).get_by_test_id("view-log-entry")
    expect(opened_by.first).to_contain_text(f"Opened by {DISPLAY_NAME}")
    assert all(f"Opened by {DISPLAY_NAME}" in t for t in opened_by.all_text_contents())
    expect(item(visitor, REPLY_LOCKED).get_by_test_id("view-log")).to_have_count(0)

    # No CSP or Trusted Types violation (the watermark's CSSOM style), nothing but the unknown code's 404
    assert ex.office.seen.errors == [UNKNOWN_CODE_LOGGED]
    assert ex.visitor.seen.errors == []
    assert ex.office.dialogs == ex.visitor.dialogs == []


def test_without_keep_nothing_leaves_the_viewer_and_with_keep_a_marked_copy_does(
    portal: Portal, open_side: Callable[..., Side]
) -> None:
    # Given a visitor's two messages, one the office may keep, read by the member
    ex = exchange(portal, open_side)
    office, visitor = ex.office.page, ex.visitor.page
    send(visitor, LOCKED)
    send(visitor, KEPT, keep=True)
    open_case(office, 2)
    locked, kept = item(office, LOCKED), item(office, KEPT)

    # Then, without keep, the text cannot be selected, copied, dragged or reached by the context menu
    body = locked.get_by_test_id("item-body")
    assert body.evaluate("el => getComputedStyle(el).userSelect") == "none"
    assert copy_event_prevented(locked)
    copied = copy_with_keyboard(office, locked)
    assert visible(copied) in ("", CLIPBOARD_SENTINEL), copied
    assert refused(body, "new MouseEvent('contextmenu', {bubbles: true, cancelable: true})")
    assert refused(body, "new DragEvent('dragstart', {bubbles: true, cancelable: true})")
    # and Ctrl+P and Ctrl+S are refused while it is on the page
    for key in ("p", "s"):
        event = f"new KeyboardEvent('keydown', {{key: '{key}', ctrlKey: true, bubbles: true, cancelable: true}})"
        assert refused(by(office, "thread-items"), event)
    expect(locked.get_by_test_id("save-copy")).to_have_count(0)

    # And with keep, the copy carries the view's code, which leads back to the member's view
    assert not copy_event_prevented(kept)
    copied = copy_with_keyboard(office, kept, tries=100)  # (a copy that goes through: give it time under load)
    assert visible(copied).strip() == KEPT
    assert copied != KEPT
    kept_code, kept_id = view_code(kept), kept.get_attribute("data-item-id") or ""

    # And printed, the kept one shows with its watermark, the other only as a notice
    office.emulate_media(media="print")
    expect(locked.get_by_test_id("viewer-content")).to_be_hidden()
    expect(locked.get_by_test_id("print-notice")).to_be_visible()
    expect(kept.get_by_test_id("viewer-content")).to_be_visible()
    expect(kept.get_by_test_id("print-notice")).to_be_hidden()
    assert kept.get_by_test_id("watermark").evaluate("el => getComputedStyle(el).backgroundImage").startswith("url(")
    expect(by(office, "write-form")).to_be_hidden()
    office.emulate_media(media="screen")
    expect(locked.get_by_test_id("viewer-content")).to_be_visible()

    # And "Save a copy" downloads the text with the view named in it and hidden in it
    with office.expect_download() as download:
        kept.get_by_test_id("save-copy").click()
    saved = download.value.path().read_text("utf-8")
    assert kept_code in saved
    assert KEPT in visible(saved)
    assert download.value.suggested_filename.endswith(".txt")
    traced_to(office, trace(office, text=saved), code=kept_code, item_id=kept_id, by_name=f"{DISPLAY_NAME} (you)")
    traced_to(office, trace(office, text=copied), code=kept_code, item_id=kept_id, by_name=f"{DISPLAY_NAME} (you)")

    # When the member replies, once not to be kept (the default) and once to be kept
    open_case(office, 2)
    send(office, REPLY_LOCKED)
    send(office, REPLY_KEPT, keep=True)
    by(visitor, "refresh").click()
    by(visitor, "covenant-accept").click()
    reply_locked, reply_kept = item(visitor, REPLY_LOCKED), item(visitor, REPLY_KEPT)
    expect(reply_kept).to_have_count(1)

    # Then the visitor's viewer holds to the same rules
    assert copy_event_prevented(reply_locked)
    assert visible(copy_with_keyboard(visitor, reply_locked)) in ("", CLIPBOARD_SENTINEL)
    copied = copy_with_keyboard(visitor, reply_kept)
    assert visible(copied).strip() == REPLY_KEPT
    visitor.emulate_media(media="print")
    expect(reply_locked.get_by_test_id("print-notice")).to_be_visible()
    expect(reply_locked.get_by_test_id("viewer-content")).to_be_hidden()
    expect(reply_kept.get_by_test_id("viewer-content")).to_be_visible()
    visitor.emulate_media(media="screen")
    traced_to(
        office,
        trace(office, text=copied),
        code=view_code(reply_kept),
        item_id=reply_kept.get_attribute("data-item-id") or "",
        by_name="the visitor",
    )
    # And the visitor's own words, kept or not, are theirs to copy and to export, as written
    assert not copy_event_prevented(item(visitor, LOCKED))
    with visitor.expect_download() as download:
        by(visitor, "export-mine").click()
    exported = download.value.path().read_text("utf-8")
    assert LOCKED in exported
    assert KEPT in exported
    assert not INVISIBLE.search(exported)
    assert REPLY_LOCKED not in exported
    assert REPLY_KEPT not in exported

    for side in (ex.office, ex.visitor):
        assert side.seen.errors == []
        assert side.dialogs == []


def test_an_xss_payload_is_inert_text_in_both_viewers(portal: Portal, open_side: Callable[..., Side]) -> None:
    # Given a visitor and a member who each send markup as a message
    ex = exchange(portal, open_side)
    office, visitor = ex.office.page, ex.visitor.page
    send(visitor, XSS)
    open_case(office, 1)
    send(office, XSS, keep=True)
    by(visitor, "refresh").click()
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "thread-item")).to_have_count(2)
    by(visitor, "signout").click()
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(ex.case.codename))
    open_case(office, 2)

    # Then in both viewers, opened from the server, it is text: no element, no script, no request
    for page in (office, visitor):
        bodies = by(page, "item-body")
        expect(bodies).to_have_count(2)
        for i in range(2):
            assert visible(bodies.nth(i).evaluate("el => el.textContent")) == XSS
            assert bodies.nth(i).evaluate("el => el.children.length") == 0
            assert view_code(by(page, "thread-item").nth(i))
        assert page.locator("main img, main script:not([src])").count() == 0
    for side in (ex.office, ex.visitor):
        assert side.dialogs == []
        assert side.seen.errors == []
        assert all(u.startswith((portal.base_url + "/", "data:", "blob:")) for u in side.seen.urls), side.seen.urls
        assert not any(u.split("?")[0].rstrip("/").endswith("/x") for u in side.seen.urls)


def test_idle_sign_out_and_back_leave_nothing_to_see(portal: Portal, open_side: Callable[..., Side]) -> None:
    # Given a visitor and a member, each reading the other's message (their clocks can be moved on)
    ex = exchange(portal, open_side, clock=True)
    office, visitor = ex.office.page, ex.visitor.page
    send(visitor, LOCKED)
    open_case(office, 1)
    send(office, REPLY_LOCKED)
    by(visitor, "refresh").click()
    by(visitor, "covenant-accept").click()
    expect(item(visitor, REPLY_LOCKED)).to_have_count(1)
    idle = office.evaluate("fetch('/api/v1/office').then(r => r.json()).then(o => o.limits.session_idle_minutes)")

    # When each page is left alone for longer than the office's idle limit
    for page in (office, visitor):
        page.clock.fast_forward(f"{idle + 1}:00")

    # Then each is signed out, says why, and holds nothing of the case
    expect(by(office, "view-signin")).to_be_visible()
    expect(by(office, "error")).to_contain_text("signed out after a while without activity")
    expect(by(visitor, "view-landing")).to_be_visible()
    expect(by(visitor, "error")).to_contain_text("signed out after a while without activity")
    for page in (office, visitor):
        nothing_shown(page, LOCKED, REPLY_LOCKED)
    assert api_get(portal, "/cases", ex.office.tokens[-1])[0] == 401
    case_id = next(u for u in ex.visitor.seen.urls if "/messages" in u).split("/cases/")[1].split("/")[0]
    assert api_get(portal, f"/cases/{case_id}", ex.visitor.tokens[-1])[0] == 401

    # When the visitor signs in again, signs out, goes to another page and comes Back
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(ex.case.codename))
    expect(item(visitor, REPLY_LOCKED)).to_have_count(1)
    by(visitor, "signout").click()
    visitor.goto(portal.base_url + "/guidance/")
    visitor.go_back()
    # Then the page is a fresh one, at the landing, with nothing of the case
    expect(by(visitor, "view-landing")).to_be_visible()
    nothing_shown(visitor, LOCKED, REPLY_LOCKED)

    # And leaving without signing out ends the session and leaves nothing for Back either
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(ex.case.codename))
    expect(item(visitor, REPLY_LOCKED)).to_have_count(1)
    token = ex.visitor.tokens[-1]
    visitor.evaluate("window.__before = true")
    visitor.goto(portal.base_url + "/guidance/")
    visitor.go_back()
    expect(by(visitor, "view-landing")).to_be_visible(timeout=SLOW_MS)
    assert visitor.evaluate("window.__before === undefined"), "the page came back from the cache as it was"
    nothing_shown(visitor, LOCKED, REPLY_LOCKED)
    assert api_get(portal, f"/cases/{case_id}", token)[0] == 401

    # And a page that the back/forward cache restores anyway (browsers may keep no-store pages;
    # this headless Chromium keeps none, so the restore's event is sent by hand) wipes itself,
    # ends the session and reloads
    by(visitor, "go-signin").click()
    sign_in_visitor(visitor, " ".join(ex.case.codename))
    expect(item(visitor, REPLY_LOCKED)).to_have_count(1)
    token = ex.visitor.tokens[-1]
    with visitor.expect_navigation():
        visitor.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    expect(by(visitor, "view-landing")).to_be_visible()
    nothing_shown(visitor, LOCKED, REPLY_LOCKED)
    assert api_get(portal, f"/cases/{case_id}", token)[0] == 401
