"""The Python and the JavaScript protocol against each other: each opens what the other seals.

Node runs tools/crypto-cli.mjs; fresh keys are drawn on every run. Node is required, not
optional: without it the browser side goes untested, so these tests fail rather than skip.
"""

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from typing import Any

import pytest
from nacl.bindings import crypto_box_keypair
from nacl.signing import SigningKey
from nacl.utils import random

from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import TAG_BYTES, encode_payload, open_envelope, parse_envelope, seal_envelope
from crypto.errors import EnvelopeError
from tests.paths import ROOT, VECTORS

CLI = ROOT / "tools" / "crypto-cli.mjs"
VENDORED_SODIUM = ROOT / "static" / "vendor" / "libsodium-wrappers.mjs"
TIMEOUT = 120
INSTALL_HINT = (
    "Node.js 20 or newer is required for the browser-side protocol tests: install it "
    "(Debian/Ubuntu: `apt-get install nodejs npm`, or https://nodejs.org/), then run `npm ci` "
    "in the repository root to build static/vendor/."
)


@dataclass(frozen=True)
class Party:
    sign_seed: bytes
    sign_pk: bytes
    box_pk: bytes
    box_sk: bytes


@dataclass(frozen=True)
class Case:
    body: str
    case: str
    kind: str
    ttl: int | None
    view_once: bool
    keep: bool | None


CASES = [
    Case("hello", "c_plain", "message", None, False, None),
    Case("Été — 夏 — 🙂 «ombuds»", "c_KMO0z5FuqkzRhSyE", "message", 3600, True, True),
    Case("**Options**\n\n1. Talk\n2. Mediate\n\nÉté 🙂" * 20, "c_Été_夏", "guidance", 86400, False, False),
    Case(
        '<script>alert(1)</script> "quoted" \\ back\tslash \u2028 \x01 end', 'c\u0001\u2028"\\', "note", 0, True, None
    ),
    Case("é" * 125, "c_edge", "message", None, False, True),  # one padding step up in UTF-8 bytes, not chars
]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` not found on PATH. {INSTALL_HINT}")
    if not VENDORED_SODIUM.exists():
        pytest.fail(f"{VENDORED_SODIUM} is missing: run `npm ci` in {ROOT} (it builds static/vendor/).")
    return path


def _cli(command: str, request: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("node"), str(CLI), command],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=TIMEOUT,
        check=False,
    )


def _cli_ok(command: str, request: dict[str, Any]) -> dict[str, Any]:
    run = _cli(command, request)
    assert run.returncode == 0, f"crypto-cli.mjs {command} failed: {run.stdout}{run.stderr}"
    answer: dict[str, Any] = json.loads(run.stdout)
    return answer


def _party() -> Party:
    sign_seed = random(32)
    box_pk, box_sk = crypto_box_keypair()
    return Party(sign_seed, bytes(SigningKey(sign_seed).verify_key), box_pk, box_sk)


def _payload(case: Case) -> dict[str, Any]:
    return {"format": "markdown" if case.kind == "guidance" else "plain", "body": case.body}


def _node_open(envelope: dict[str, str], opener: Party, senders: list[bytes], case: str) -> dict[str, Any]:
    return _cli_ok(
        "open",
        {
            "envelope": envelope,
            "boxSk": b64u_encode(opener.box_sk),
            "expectedSenders": [b64u_encode(pk) for pk in senders],
            "expectedCase": case,
        },
    )


def _python_compact(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("case", CASES, ids=range(len(CASES)))
def test_python_seals_and_node_opens(case: Case) -> None:
    visitor, office = _party(), _party()
    sealed = seal_envelope(
        _payload(case),
        case=case.case,
        kind=case.kind,
        sender_seed=visitor.sign_seed,
        recipient_box_pks=[office.box_pk, visitor.box_pk],
        sent_at=int(time.time()),
        ttl=case.ttl,
        view_once=case.view_once,
        keep=case.keep,
    )
    expected_payload = json.loads(encode_payload(_payload(case)))
    for opener in (office, visitor):
        opened = _node_open(sealed.to_json(), opener, [_party().sign_pk, visitor.sign_pk], case.case)
        assert opened["header"] == sealed.header
        assert opened["payload"] == expected_payload
        assert opened["payload"]["body"] == case.body
    assert ("keep" in sealed.header) == (case.keep is not None)


@pytest.mark.parametrize("case", CASES, ids=range(len(CASES)))
def test_node_seals_and_python_opens(case: Case) -> None:
    visitor, office = _party(), _party()
    envelope_id = b64u_encode(random(16))
    sent_at = int(time.time())
    wire = _cli_ok(
        "seal",
        {
            "payload": {**_payload(case), "pad": "dropped by the sender"},
            "caseId": case.case,
            "kind": case.kind,
            "senderSeed": b64u_encode(visitor.sign_seed),
            "recipientBoxPks": [b64u_encode(office.box_pk), b64u_encode(visitor.box_pk)],
            "sentAt": sent_at,
            "ttl": case.ttl,
            "viewOnce": case.view_once,
            "keep": case.keep,
            "id": envelope_id,
        },
    )
    env = parse_envelope(wire)
    # The exact bytes Python would have written for this header: same key order, same escapes.
    assert env.header_bytes == _python_compact(env.header)
    assert env.padded_size == len(encode_payload(_payload(case)))
    assert len(env.ciphertext) - TAG_BYTES == env.padded_size
    expected_header = {
        "v": 1,
        "id": envelope_id,
        "case": case.case,
        "kind": case.kind,
        "sender": b64u_encode(visitor.sign_pk),
        "sent_at": sent_at,
        "ttl": case.ttl,
        "view_once": case.view_once,
    }
    if case.keep is not None:
        expected_header["keep"] = case.keep
    for opener in (office, visitor):
        opened = open_envelope(wire, opener.box_sk, {visitor.sign_pk}, case.case)
        assert {k: v for k, v in opened.header.items() if k not in ("nonce", "recipients")} == expected_header
        assert opened.payload["body"] == case.body
        assert opened.payload["format"] == _payload(case)["format"]
        assert set(opened.payload["pad"]) <= {" "}
    with pytest.raises(EnvelopeError):
        open_envelope(wire, _party().box_sk, {visitor.sign_pk}, case.case)


def test_node_refuses_what_python_refuses() -> None:
    visitor, office = _party(), _party()
    sealed = seal_envelope(
        {"format": "plain", "body": "to be tampered with"},
        case="c_x",
        kind="message",
        sender_seed=visitor.sign_seed,
        recipient_box_pks=[office.box_pk, visitor.box_pk],
        sent_at=int(time.time()),
    ).to_json()
    flipped = bytearray(b64u_decode(sealed["ciphertext"]))
    flipped[-1] ^= 1
    header = b64u_decode(sealed["header"])
    refusals: list[tuple[dict[str, str], list[bytes], str, Party]] = [
        ({**sealed, "ciphertext": b64u_encode(bytes(flipped))}, [visitor.sign_pk], "c_x", office),
        ({**sealed, "header": b64u_encode(header + b" ")}, [visitor.sign_pk], "c_x", office),
        (
            {**sealed, "header": b64u_encode(header.replace(b'{"v":1', b'{"v":1,"v":1'))},
            [visitor.sign_pk],
            "c_x",
            office,
        ),
        ({**sealed, "sig": sealed["sig"] + "A"}, [visitor.sign_pk], "c_x", office),
        (sealed, [office.sign_pk], "c_x", office),
        (sealed, [visitor.sign_pk], "c_y", office),
        (sealed, [visitor.sign_pk], "c_x", _party()),
    ]
    for envelope, senders, case, opener in refusals:
        with pytest.raises(EnvelopeError):
            open_envelope(envelope, opener.box_sk, set(senders), case)
        run = _cli(
            "open",
            {
                "envelope": envelope,
                "boxSk": b64u_encode(opener.box_sk),
                "expectedSenders": [b64u_encode(pk) for pk in senders],
                "expectedCase": case,
            },
        )
        assert run.returncode == 1, run.stdout
        assert json.loads(run.stdout)["error"].startswith("EnvelopeError")


def test_javascript_passes_the_shared_vectors() -> None:
    run = subprocess.run(
        [_tool("npm"), "run", "--silent", "check-vectors", "--", str(VECTORS)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=TIMEOUT,
        check=False,
    )
    lines = run.stdout.splitlines()
    assert lines, run.stderr
    assert lines[-1].endswith("passed, 0 failed"), run.stdout
    assert int(lines[-1].split()[0]) >= 23, run.stdout
    assert run.returncode == 0, run.stdout + run.stderr
