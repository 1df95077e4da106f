"""Live delivery in the pages (PROTOCOL.md section 8, "Realtime"): the member's inbox and open
thread show a visitor's new message without a reload; a page whose network was cut catches up
when it comes back, showing what was sent meanwhile exactly once; a session ended on the server
ends in the page.

The cut is a TCP relay between the member's browser and the portal that the test breaks: it
closes every connection it carries and refuses new ones until restored. Chromium's offline
emulation (Playwright's set_offline, CDP's Network.emulateNetworkConditions) is no such cut: an
open WebSocket stays open under it, its frames silently held, so socket.io would only notice
after its ping timeout (45 s) and the server not at all before that."""

import contextlib
import re
import socket
import sqlite3
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, WebSocket, expect

from tests.browser.conftest import HOST, Portal
from tests.browser.test_relay_flow import (
    DATABASE,
    Watch,
    by,
    enrol_first_member,
    sign_in_member,
    start_case,
    watch,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST = "First message, before the member signs in."
SECOND = "Second message, while the member looks at the inbox."
THIRD = "Third message, while the member reads the case."
REPLY = "The office replies."
WHILE_CUT = "Written while the member's network was down."
AFTER = "Written once the member's page was back."
WHILE_OFFLINE = "Written while the member's browser said it was offline."
LIVE = "Live"
OFFLINE = "Offline"
CUT = re.compile(r"^(Reconnecting…|Offline)$")
RECONNECT_MS = 30_000  # the backoff's 15 s cap, with its 50 % jitter, and room to spare
SETTLE_S = 2.0  # long enough for a stray event or a second listing to show up
SESSION_ENDED = "Your session has ended"
# What Chromium logs, as errors, for the requests that a cut network makes fail.
NETWORK_ERRORS = ("WebSocket connection to", "net::ERR_", "Failed to load resource")
# The secure viewer may write the view's code into an opened item's text in zero-width characters.
INVISIBLE = "[\u200b\u200c\u2060]*"


class CuttableLink:
    """A TCP relay from the browser to the portal that can be cut like a network: `cut` closes
    every connection it carries (the browser sees its WebSocket and HTTP connections end) and
    turns new ones away until `restore`."""

    def __init__(self, target_port: int) -> None:
        self.target = (HOST, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.up = threading.Event()
        self.up.set()
        self.lock = threading.Lock()
        self.carried: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up.is_set():
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self.lock:
                self.carried |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self.lock:
                self.carried -= {source, sink}
            _close(source)
            _close(sink)

    def cut(self) -> None:
        self.up.clear()
        with self.lock:
            carried, self.carried = self.carried, set()
        for s in carried:
            _close(s)

    def restore(self) -> None:
        self.up.set()

    def close(self) -> None:
        self.listener.close()
        self.cut()


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()


@pytest.fixture
def link(portal: Portal) -> Iterator[CuttableLink]:
    port = int(portal.base_url.rsplit(":", 1)[1])
    relay = CuttableLink(port)
    try:
        yield relay
    finally:
        relay.close()


def shown(*texts: str) -> list[re.Pattern[str]]:
    """The items' texts as the page shows them: the visible characters, in order, and nothing else."""
    return [re.compile(f"^{INVISIBLE}{INVISIBLE.join(re.escape(c) for c in text)}{INVISIBLE}$") for text in texts]


def live_sockets(portal: Portal) -> int:
    """How many sockets the server holds as connected (rows of live_socket)."""
    with contextlib.closing(sqlite3.connect(portal.instance / DATABASE)) as db:
        count: int = db.execute("SELECT count(*) FROM live_socket").fetchone()[0]
        return count


def wait_for_sockets(portal: Portal, expected: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while (count := live_sockets(portal)) != expected:
        assert time.monotonic() < deadline, f"the server holds {count} sockets, not {expected}"
        time.sleep(0.1)


def no_reload_marker(page: Page) -> None:
    """A mark in the page's memory that any reload or navigation would lose."""
    page.evaluate("() => { window.sottovoceTestMark = 'still here'; }")


def not_reloaded(page: Page) -> bool:
    return page.evaluate("() => window.sottovoceTestMark") == "still here"  # type: ignore[no-any-return]


@dataclass
class People:
    office_context: BrowserContext
    visitor_context: BrowserContext
    office: Page
    visitor: Page
    office_seen: Watch
    visitor_seen: Watch
    totp_secret: str


@pytest.fixture
def people(portal: Portal, browser: Browser) -> Iterator[People]:
    """A member enrolled through the page (not signed in yet) and a visitor whose case holds FIRST."""
    office_context, visitor_context = browser.new_context(), browser.new_context()
    office_seen, visitor_seen = watch(office_context), watch(visitor_context)
    office, visitor = office_context.new_page(), visitor_context.new_page()
    member = enrol_first_member(office, portal)
    start_case(visitor, portal, member.office_fingerprint)
    expect(by(visitor, "live-indicator")).to_have_text(LIVE)
    write(visitor, FIRST)
    try:
        yield People(office_context, visitor_context, office, visitor, office_seen, visitor_seen, member.totp_secret)
    finally:
        office_context.close()
        visitor_context.close()


def test_the_members_inbox_and_thread_show_new_messages_live(portal: Portal, people: People) -> None:
    office, visitor = people.office, people.visitor
    sessions: list[Response] = []
    office.on("response", lambda r: sessions.append(r) if r.url.endswith("/api/v1/auth/session") else None)
    sockets: list[WebSocket] = []
    office.on("websocket", lambda ws: sockets.append(ws))  # (Playwright marks its handlers: no bound builtins)

    # Given the member signed in, on the inbox
    sign_in_member(office, portal, people.totp_secret)
    expect(by(office, "live-indicator")).to_have_text(LIVE)
    expect(by(office, "case-count")).to_have_text(["1 item"])
    wait_for_sockets(portal, 2)
    no_reload_marker(office)

    # When the visitor writes, the inbox counts it without a reload
    write(visitor, SECOND)
    expect(by(office, "case-count")).to_have_text(["2 items"])

    # And with the case open, the visitor's next message appears in the thread by itself
    by(office, "case-item").click()
    expect(by(office, "item-body")).to_have_text(shown(FIRST, SECOND))
    write(visitor, THIRD)
    expect(by(office, "item-body")).to_have_text(shown(FIRST, SECOND, THIRD))

    # And the member's reply reaches the visitor's page by itself: first the confidentiality
    # statement, then, once agreed, the reply; the member's own message shows once on its page
    write(office, REPLY)
    expect(by(visitor, "covenant")).to_be_visible()
    by(visitor, "covenant-accept").click()
    expect(by(visitor, "item-body")).to_have_text(shown(FIRST, SECOND, THIRD, REPLY))
    time.sleep(SETTLE_S)
    expect(by(office, "item-body")).to_have_text(shown(FIRST, SECOND, THIRD, REPLY))
    expect(by(visitor, "item-body")).to_have_text(shown(FIRST, SECOND, THIRD, REPLY))
    assert not_reloaded(office)

    # When the member's session is revoked elsewhere, the server cuts its socket and the page
    # ends the session as on any 401: keys forgotten, sign-in shown, no reconnection
    token = sessions[-1].json()["token"]
    revoke = urllib.request.Request(  # noqa: S310 (our own URL)
        f"{portal.base_url}/api/v1/auth/session", method="DELETE", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(revoke, timeout=10) as answer:  # noqa: S310 (our own URL)
        assert answer.status == 200
    expect(by(office, "view-signin")).to_be_visible()
    expect(by(office, "error")).to_contain_text(SESSION_ENDED)
    expect(by(office, "thread-item")).to_have_count(0)
    opened = len(sockets)
    time.sleep(SETTLE_S)
    assert len(sockets) == opened, "the page tried to reconnect after its session ended"
    assert live_sockets(portal) == 1, "only the visitor's socket should be left"

    # And signing out closes the visitor's socket too
    by(visitor, "signout").click()
    expect(by(visitor, "view-landing")).to_be_visible()
    wait_for_sockets(portal, 0)

    for seen in (people.office_seen, people.visitor_seen):
        assert seen.errors == []


def test_a_message_sent_while_the_network_was_cut_appears_once(
    portal: Portal, people: People, link: CuttableLink
) -> None:
    office, visitor = people.office, people.visitor
    # Given the member, through the cuttable link, reading the case
    sign_in_member(office, replace(portal, base_url=f"http://{HOST}:{link.port}"), people.totp_secret)
    by(office, "case-item").click()
    expect(by(office, "item-body")).to_have_text(shown(FIRST))
    expect(by(office, "live-indicator")).to_have_text(LIVE)
    wait_for_sockets(portal, 2)
    no_reload_marker(office)

    # When the member's network is cut, the page says so, and the server sees the socket go
    link.cut()
    expect(by(office, "live-indicator")).to_have_text(CUT)
    wait_for_sockets(portal, 1)

    # And the visitor writes meanwhile: nothing reaches the member's page
    write(visitor, WHILE_CUT)
    time.sleep(SETTLE_S)
    expect(by(office, "item-body")).to_have_text(shown(FIRST))
    expect(by(office, "live-indicator")).to_have_text(CUT)

    # Then, the network back, the page reconnects, catches up, and shows that message once
    link.restore()
    expect(by(office, "live-indicator")).to_have_text(LIVE, timeout=RECONNECT_MS)
    expect(by(office, "item-body")).to_have_text(shown(FIRST, WHILE_CUT))
    wait_for_sockets(portal, 2)
    time.sleep(SETTLE_S)
    expect(by(office, "item-body")).to_have_text(shown(FIRST, WHILE_CUT))

    # And live delivery goes on over the new socket
    write(visitor, AFTER)
    expect(by(office, "item-body")).to_have_text(shown(FIRST, WHILE_CUT, AFTER))
    time.sleep(SETTLE_S)
    expect(by(office, "thread-item")).to_have_count(3)

    # And when the browser itself says it is offline (its open WebSocket held, not closed), the
    # page says so too, and catches up once the browser is back online: once again exactly once
    people.office_context.set_offline(True)
    expect(by(office, "live-indicator")).to_have_text(OFFLINE)
    write(visitor, WHILE_OFFLINE)
    time.sleep(SETTLE_S)
    people.office_context.set_offline(False)
    expect(by(office, "live-indicator")).to_have_text(LIVE, timeout=RECONNECT_MS)
    expect(by(office, "item-body")).to_have_text(shown(FIRST, WHILE_CUT, AFTER, WHILE_OFFLINE))
    time.sleep(SETTLE_S)
    expect(by(office, "thread-item")).to_have_count(4)
    assert not_reloaded(office)

    # Only the cut's failed connections were logged: no CSP or Trusted Types violation, no bug
    unexpected = [e for e in people.office_seen.errors if not e.startswith(NETWORK_ERRORS)]
    assert unexpected == []
    assert people.visitor_seen.errors == []
