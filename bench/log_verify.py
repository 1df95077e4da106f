"""Verifying the office log (docs/protocol/v2.md section 3.4) from its first entry, as every
client does before it seals or opens anything: a log of 1,000 entries (a genesis, then member
additions, removals with their key rotations, plain rotations and a few settings changes, mixed
at random) verified by crypto/log_state.py in Python and by static/js/crypto/log-state.js in
headless Chromium. Both start from the wire form (JSON objects), so both parse every body
strictly, check every signature and hash every entry. Prints figures; asserts nothing.

Run: PYTHONPATH=. .venv/bin/python bench/log_verify.py [--entries 1000] [--runs 7] [--pages 3]
"""

import argparse
import json
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from nacl.bindings import crypto_box_keypair
from nacl.signing import SigningKey
from nacl.utils import random as random_bytes
from playwright.sync_api import sync_playwright

from crypto.encoding import b64u_encode
from crypto.keys import MEMBER_FLOOR, VISITOR_DEFAULT_KDF
from crypto.log import KeyVersion, LogEntry, LogSettings, MemberRecord, genesis_body, make_entry, verify_signature
from crypto.log_state import LogState, verify_log

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
OFFICE = "office-bench"
T0 = 1_790_000_000
TARGET_MS = 100
CONTENT_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json"}
PAGE = b"<!doctype html><meta charset=utf-8><title>log bench</title>"
# Runs in the page: load the protocol as the portal's pages do, then time verifyLog alone.
IN_PAGE = """async ({ runs, officeId }) => {
  const t0 = performance.now();
  const proto = await import("/static/js/crypto/index.js");
  await proto.ready();
  const loaded = performance.now() - t0;
  const entries = await (await fetch("/log.json")).json();
  const times = [];
  let state = null;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    state = proto.verifyLog(entries, officeId);
    times.push(performance.now() - t);
  }
  // Where the time goes (warm): parsing alone, then the signature checks alone, with
  // libsodium.js (what verifyLog uses) and with the browser's own Ed25519 (WebCrypto, async).
  let t = performance.now();
  const parsed = entries.map((e) => proto.parseEntry(e));
  const parse = performance.now() - t;
  const signPk = new Map([...state.members].map(([id, m]) => [id, m.record.signPk]));
  const checks = parsed.flatMap((e) => {
    const message = proto.taggedV2("log-sig", proto.entryHash(e.bodyBytes));
    return e.sigs.map((s) => [message, s.sig, s.by]);
  });
  const sodium = proto.getSodium();
  t = performance.now();
  for (const [message, sig, by] of checks) sodium.crypto_sign_verify_detached(sig, message, signPk.get(by));
  const sodiumSigs = performance.now() - t;
  let webCryptoSigs = null;
  try {
    t = performance.now();
    const keys = new Map();
    for (const [id, pk] of signPk) {
      keys.set(id, await crypto.subtle.importKey("raw", pk, { name: "Ed25519" }, false, ["verify"]));
    }
    const verify = ([m, s, by]) => crypto.subtle.verify({ name: "Ed25519" }, keys.get(by), s, m);
    const oks = await Promise.all(checks.map(verify));
    webCryptoSigs = oks.every(Boolean) ? performance.now() - t : null;
  } catch {
    webCryptoSigs = null; // no Ed25519 in this browser's WebCrypto
  }
  return { loaded, times, fingerprint: state.fingerprint, head: proto.b64uEncode(state.head),
           agent: navigator.userAgent, parse, sodiumSigs, webCryptoSigs, sigs: checks.length };
}"""


@dataclass
class Person:
    record: MemberRecord
    seed: bytes


def _person(n: int) -> Person:
    seed = random_bytes(32)
    record = MemberRecord(f"m_{n:04d}", f"Member {n}", bytes(SigningKey(seed).verify_key), crypto_box_keypair()[0])
    return Person(record, seed)


def _key(version: int) -> KeyVersion:
    return KeyVersion(version, crypto_box_keypair()[0])


def build_log(count: int, rng: random.Random) -> tuple[list[LogEntry], LogState]:
    """A genesis with three members, then a random mix until ``count`` entries."""
    people = {p.record.member_id: p for p in (_person(n) for n in range(3))}
    founder = people["m_0000"]
    settings = LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR)
    first = genesis_body(OFFICE, T0, "Bench Office", [p.record for p in people.values()], [], [_key(1)], settings)
    entries = [make_entry(first, [(founder.record.member_id, founder.seed)])]
    state = verify_log(entries)
    while state.length < count:
        current = [people[m.member_id] for m in state.current_members()]
        signers, at = [rng.choice(current)], T0 + state.length
        two = bool(state.settings and state.settings.two_signatures_to_add)
        kind = rng.choices(["add", "remove", "rotate", "settings"], [45, 25, 28, 2])[0]
        if kind == "add":
            newcomer = _person(len(people))
            people[newcomer.record.member_id] = newcomer
            signers = rng.sample(current, 2 if two else 1)
            body = state.member_added(at, newcomer.record)
        elif kind == "remove" and len(current) >= 3:
            gone = rng.choice([p for p in current if p is not signers[0]])
            body = state.member_removed(at, gone.record.member_id, _key(state.current_key.version + 1))
        elif kind == "settings":
            body = state.settings_change(at, LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR, not two))
        else:
            body = state.office_key(at, _key(state.current_key.version + 1))
        entries.append(make_entry(body, [(p.record.member_id, p.seed) for p in signers]))
        state.apply(entries[-1])
    return entries, state


def time_python(wire: list[dict[str, Any]], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        verify_log(wire, OFFICE)
        times.append((time.perf_counter() - t) * 1000)
    return times


def time_native_signatures(entries: list[LogEntry], state: LogState, runs: int) -> float:
    """The log's signature checks alone in native libsodium (PyNaCl), median ms: the floor any
    single-threaded Ed25519 verifier on this machine starts from."""
    keys = {m.record.member_id: m.record.sign_pk for m in state.members.values()}
    checks = [(e.body_bytes, s, keys[s.by], e.hash) for e in entries for s in e.sigs]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for body, sig, pk, digest in checks:
            verify_signature(body, sig, pk, digest)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


@contextmanager
def serving(log_json: bytes) -> Iterator[str]:
    """static/ under /static/, the log at /log.json and an empty page at /, on a free local port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            body, kind = PAGE, "text/html"
            if path == "/log.json":
                body, kind = log_json, "application/json"
            elif path.startswith("/static/"):
                file = (STATIC / path.removeprefix("/static/")).resolve()
                if not file.is_relative_to(STATIC) or not file.is_file():
                    self.send_error(404)
                    return
                body, kind = file.read_bytes(), CONTENT_TYPES.get(file.suffix, "application/octet-stream")
            elif path != "/":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def time_browser(log_json: bytes, runs: int, pages: int) -> list[dict[str, Any]]:
    """One fresh page (and browser context) per load, so each first run is cold."""
    results = []
    with serving(log_json) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for _ in range(pages):
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{url}/")
                results.append(page.evaluate(IN_PAGE, {"runs": runs, "officeId": OFFICE}))
                context.close()
        finally:
            browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7, help="verifications per page and in Python")
    parser.add_argument("--pages", type=int, default=3, help="fresh browser pages, each with a cold first run")
    parser.add_argument("--seed", type=int, default=2026, help="the mix of entries (keys are fresh on each run)")
    args = parser.parse_args()

    t = time.perf_counter()
    entries, state = build_log(args.entries, random.Random(args.seed))
    built_s = time.perf_counter() - t
    wire = [e.to_json() for e in entries]
    log_json = json.dumps(wire).encode("utf-8")
    mix = Counter(e.type for e in entries)
    print(f"log: {state.length} entries built and signed in {built_s:.1f} s, {len(log_json) / 1024:.0f} KiB as JSON")
    print("  " + ", ".join(f"{kind} {n}" for kind, n in mix.most_common()))
    sigs, by_two, current = (
        sum(len(e.sigs) for e in entries),
        sum(len(e.sigs) == 2 for e in entries),
        len(state.current_members()),
    )
    print(
        f"  {sigs} signatures ({by_two} entries signed by two); {current} current members, "
        f"{len(state.members) - current} former; office key version {state.current_key.version}"
    )

    python = time_python(wire, args.runs)
    print(
        f"Python verify_log: first {python[0]:.1f} ms, median {statistics.median(python):.1f} ms "
        f"over {args.runs} runs ({statistics.median(python) / state.length * 1000:.0f} µs per entry)"
    )

    native = time_native_signatures(entries, state, args.runs)
    print(f"  of which the {sigs} signature checks alone, native libsodium: {native:.1f} ms (median)")

    pages = time_browser(log_json, args.runs, args.pages)
    print(f"Chromium: {pages[0]['agent']}")
    same = all(r["fingerprint"] == state.fingerprint and r["head"] == b64u_encode(state.head) for r in pages)
    print(f"  same fingerprint and head as Python: {'yes' if same else 'NO'}")
    for i, r in enumerate(pages, 1):
        warm = r["times"][1:] or r["times"]
        print(
            f"  page {i}: import + ready() {r['loaded']:.0f} ms; verifyLog cold {r['times'][0]:.1f} ms, "
            f"warm median {statistics.median(warm):.1f} ms (min {min(warm):.1f}, max {max(warm):.1f})"
        )
    sigs = pages[-1]["sigs"]
    web = [r["webCryptoSigs"] for r in pages if r["webCryptoSigs"] is not None]
    print(
        f"  parts, warm (median over pages): parseEntry of every entry "
        f"{statistics.median(r['parse'] for r in pages):.1f} ms; the {sigs} signature checks alone "
        f"{statistics.median(r['sodiumSigs'] for r in pages):.1f} ms with libsodium.js, "
        + (
            f"{statistics.median(web):.1f} ms with WebCrypto Ed25519 (async)"
            if web
            else "WebCrypto Ed25519 not available"
        )
    )
    cold = [r["times"][0] for r in pages]
    warm_all = [x for r in pages for x in (r["times"][1:] or r["times"])]
    print(
        f"  over {len(pages)} pages: cold median {statistics.median(cold):.1f} ms, warm median "
        f"{statistics.median(warm_all):.1f} ms (target: under {TARGET_MS} ms)"
    )


if __name__ == "__main__":
    main()
