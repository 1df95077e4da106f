"""The Python and the JavaScript protocol against each other: each opens what the other seals,
and each takes the office log and the pins the other writes.

Node runs tools/crypto-cli.mjs; fresh keys are drawn on every run. Node is required, not
optional: without it the browser side goes untested, so these tests fail rather than skip.
"""

import json
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from nacl.bindings import crypto_box_keypair
from nacl.signing import SigningKey
from nacl.utils import random

from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import TAG_BYTES, encode_payload, open_envelope, parse_envelope, seal_envelope
from crypto.errors import EnvelopeError, LogError
from crypto.keys import MEMBER_FLOOR, VISITOR_DEFAULT_KDF
from crypto.log import KeyVersion, LogEntry, LogSettings, MemberRecord, genesis_body, make_entry, parse_entry, sign_body
from crypto.log_state import LogState, verify_log
from crypto.pin import check_pin, member_pin_case, open_pin, pin_of, seal_pin
from tests.crypto.test_strict_json import PAYLOAD, sealed_by_hand
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


def test_node_and_python_read_json_alike() -> None:
    # Signed and sealed as a sender would: NaN or Infinity in the header or the payload is
    # refused by both; a payload key written twice opens in both, its last value kept.
    alike = [
        ('{FIELDS,"x":NaN}', PAYLOAD, None),
        ('{FIELDS,"x":[-Infinity]}', PAYLOAD, None),
        ("{FIELDS}", b'{"format":"plain","body":"hi","n":Infinity}', None),
        ("{FIELDS}", b'{"format":"plain","body":"first","body":"last"}', "last"),
    ]
    for header, payload, body in alike:
        wire, sender, office_sk = sealed_by_hand(header, payload)
        run = _cli(
            "open",
            {
                "envelope": wire,
                "boxSk": b64u_encode(office_sk),
                "expectedSenders": [b64u_encode(sender)],
                "expectedCase": "c_strict",
            },
        )
        if body is None:
            with pytest.raises(EnvelopeError):
                open_envelope(wire, office_sk, {sender}, "c_strict")
            assert run.returncode == 1, (header, payload, run.stdout)
            assert json.loads(run.stdout)["error"].startswith("EnvelopeError")
        else:
            assert open_envelope(wire, office_sk, {sender}, "c_strict").payload["body"] == body
            assert run.returncode == 0, run.stdout + run.stderr
            assert json.loads(run.stdout)["payload"]["body"] == body


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


# --- The office log and pins (docs/protocol/v2.md) ------------------------------------------


@dataclass(frozen=True)
class Member:
    record: MemberRecord
    seed: bytes
    box_sk: bytes

    @property
    def signer(self) -> tuple[str, bytes]:
        return (self.record.member_id, self.seed)

    def node_signer(self) -> dict[str, str]:
        return {"memberId": self.record.member_id, "signSeed": b64u_encode(self.seed)}


OFFICE_ID = "office-cross"
T0 = 1_790_000_000


def _member(member_id: str, name: str) -> Member:
    seed = random(32)
    box_pk, box_sk = crypto_box_keypair()
    return Member(MemberRecord(member_id, name, bytes(SigningKey(seed).verify_key), box_pk), seed, box_sk)


def _office_key(version: int) -> KeyVersion:
    return KeyVersion(version, crypto_box_keypair()[0])


def _people() -> dict[str, Member]:
    names = {"ada": "Ada", "bea": "Béatrice 🙂", "cy": "李雷", "dee": 'Dee "D" \\ O\'Neil', "zed": "Zed (gone)"}
    return {short: _member(f"m_{short}", name) for short, name in names.items()}


def _python_log(people: dict[str, Member]) -> list[LogEntry]:
    """A migrated office (Zed former), then an addition, two signatures required, an addition by
    two, a removal with its rotation, and a plain rotation."""
    ada, bea, cy, dee = people["ada"], people["bea"], people["cy"], people["dee"]
    keys = [_office_key(1), _office_key(2)]
    settings = LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR)
    body = genesis_body(OFFICE_ID, T0, "Cross Office", [ada.record, bea.record], [people["zed"].record], keys, settings)
    entries = [make_entry(body, [ada.signer])]
    state = verify_log(entries)

    def grow(body: dict[str, Any], *signers: Member) -> None:
        entries.append(make_entry(body, [s.signer for s in signers]))
        state.apply(entries[-1])

    grow(state.member_added(T0 + 10, cy.record), bea)
    grow(state.settings_change(T0 + 20, LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR, True)), cy)
    grow(state.member_added(T0 + 30, dee.record), ada, cy)
    grow(state.member_removed(T0 + 40, "m_bea", _office_key(3)), ada)
    grow(state.office_key(T0 + 50, _office_key(4)), dee)
    return entries


def _summary(state: LogState) -> dict[str, Any]:
    """What tools/crypto-cli.mjs verify-log prints, computed in Python."""
    return {
        "officeId": state.office_id,
        "name": state.name,
        "length": state.length,
        "head": b64u_encode(state.head),
        "hashes": [b64u_encode(h) for h in state.hashes],
        "fingerprint": state.fingerprint,
        "shortCode": state.short_code,
        "currentMembers": [{"member_id": m.member_id, "display_name": m.display_name} for m in state.current_members()],
        "formerMembers": sorted(i for i, m in state.members.items() if not m.current),
        "currentKey": state.current_key.to_json(),
    }


def test_a_log_grown_in_python_verifies_in_node_to_the_same_state() -> None:
    entries = _python_log(_people())
    state = verify_log([e.to_json() for e in entries], OFFICE_ID)
    node = _cli_ok("verify-log", {"entries": [e.to_json() for e in entries], "officeId": OFFICE_ID})
    assert node == _summary(state)
    assert node["formerMembers"] == ["m_bea", "m_zed"]
    for n in range(1, len(entries)):  # every prefix, so every entry type's effect is compared
        prefix = [e.to_json() for e in entries[:n]]
        assert _cli_ok("verify-log", {"entries": prefix}) == _summary(verify_log(prefix))


def _signed_wire(text: str, signer: Member) -> dict[str, Any]:
    body = text.encode("utf-8")
    sig = sign_body(body, *signer.signer)
    return {"body": b64u_encode(body), "sigs": [{"by": sig.by, "sig": b64u_encode(sig.sig)}]}


def test_node_refuses_the_logs_python_refuses() -> None:
    people = _people()
    entries = [e.to_json() for e in _python_log(people)]
    text = _python_log(people)[1].body_bytes.decode("utf-8")  # another log of the same people
    genesis_text = b64u_decode(entries[0]["body"]).decode("utf-8")
    second = json.loads(b64u_decode(entries[1]["body"]))
    second_text = _python_compact(second).decode("utf-8")
    sig = bytearray(b64u_decode(entries[1]["sigs"][0]["sig"]))
    sig[5] ^= 1
    ada, bea = people["ada"], people["bea"]
    refused = [
        entries[1:],  # no genesis
        [entries[0], entries[2]],  # a gap
        [entries[0], {**entries[1], "sigs": [{**entries[1]["sigs"][0], "sig": b64u_encode(bytes(sig))}]}],
        [entries[0], _signed_wire(second_text.replace('"seq":1', '"seq":1.0'), bea)],  # signed, but a float
        [entries[0], _signed_wire(second_text.replace('"seq":1', '"seq":1,"seq":1'), bea)],
        [entries[0], _signed_wire(second_text.replace('"type"', '"note":"hi","type"'), bea)],
        [entries[0], _signed_wire(second_text, people["dee"])],  # not yet a member
        [_signed_wire(genesis_text.replace('"Cross Office"', '"Cross 0ffice"'), ada), *entries[1:]],
        [*entries[:1], _signed_wire(text, bea)],  # another log's entry
        [],
    ]
    for log in refused:
        with pytest.raises(LogError):
            verify_log(log)
        run = _cli("verify-log", {"entries": log})
        assert run.returncode == 1, run.stdout
        assert json.loads(run.stdout)["error"].startswith("LogError"), run.stdout
    run = _cli("verify-log", {"entries": entries, "officeId": "office-elsewhere"})
    assert json.loads(run.stdout)["error"].startswith("LogError"), run.stdout


def _node_entry(entries: list[LogEntry], type_: str, fields: dict[str, Any], *signers: Member) -> LogEntry:
    wire = _cli_ok(
        "log-entry",
        {
            "entries": [e.to_json() for e in entries],
            "type": type_,
            "at": T0 + 100 + len(entries),
            "fields": fields,
            "officeId": OFFICE_ID,
            "signers": [s.node_signer() for s in signers],
        },
    )
    return parse_entry(wire)


def test_entries_made_and_signed_in_node_are_taken_by_python() -> None:
    people = _people()
    ada, cy, dee = people["ada"], people["cy"], people["dee"]
    entries = _python_log(people)
    state = verify_log(entries)
    newcomer = _member("m_eve", "Ève ⚖️")
    k5, k6 = _office_key(5), _office_key(6)
    settings = LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR)
    steps: list[tuple[str, dict[str, Any], list[Member], Callable[[int], dict[str, Any]]]] = [
        (
            "member_added",
            {"member": newcomer.record.to_json()},
            [ada, dee],
            partial(state.member_added, record=newcomer.record),
        ),
        ("office_key", {"office_key": k5.to_json()}, [cy], partial(state.office_key, key=k5)),
        (
            "member_removed",
            {"member_id": "m_ada", "office_key": k6.to_json()},
            [newcomer],
            partial(state.member_removed, member_id="m_ada", key=k6),
        ),
        ("settings", {"settings": settings.to_json()}, [cy], partial(state.settings_change, settings=settings)),
    ]
    for type_, fields, signers, python_body in steps:
        entry = _node_entry(entries, type_, fields, *signers)
        # The very bytes Python writes for the same body: same key order, same escapes.
        assert entry.body_bytes == _python_compact(python_body(T0 + 100 + len(entries)))
        state.apply(entry)
        entries.append(entry)
    assert [m.member_id for m in state.current_members()] == ["m_cy", "m_dee", "m_eve"]
    assert state.current_key.version == 6
    assert verify_log([e.to_json() for e in entries], OFFICE_ID).head == state.head


def test_a_genesis_made_in_node_verifies_in_python_with_node_s_fingerprint() -> None:
    people = _people()
    settings = LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR, True)
    fields = {
        "name": "Bureau de l'ombuds — Été 🙂",
        "members": [people["bea"].record.to_json(), people["cy"].record.to_json()],
        "former_members": [people["zed"].record.to_json()],
        "office_keys": [_office_key(1).to_json()],
        "settings": settings.to_json(),
    }
    entry = _node_entry([], "genesis", fields, people["cy"])
    state = verify_log([entry.to_json()], OFFICE_ID)
    assert state.name == fields["name"]
    assert state.settings == settings
    node = _cli_ok("verify-log", {"entries": [entry.to_json()]})
    assert node == _summary(state)


def test_a_pin_sealed_in_node_opens_in_python_and_the_other_way() -> None:
    people = _people()
    owner, other = people["cy"], people["ada"]
    state = verify_log(_python_log(people))
    case = member_pin_case(owner.record.member_id)
    pin = pin_of(state, None, ["item-1", "Été"])
    wire = _cli_ok(
        "seal-pin",
        {
            "pin": pin.to_json(),
            "caseId": case,
            "signSeed": b64u_encode(owner.seed),
            "boxPk": b64u_encode(owner.record.box_pk),
            "sentAt": int(time.time()),
        },
    )
    opened = open_pin(wire, case=case, sign_pk=owner.record.sign_pk, box_sk=owner.box_sk)
    assert opened == pin
    check_pin(state, opened)
    with pytest.raises(EnvelopeError):
        open_pin(wire, case=case, sign_pk=other.record.sign_pk, box_sk=owner.box_sk)
    with pytest.raises(EnvelopeError):
        open_pin(wire, case=case, sign_pk=owner.record.sign_pk, box_sk=other.box_sk)

    sealed = seal_pin(pin, case=case, sign_seed=owner.seed, box_pk=owner.record.box_pk, sent_at=T0).to_json()
    request = {"envelope": sealed, "caseId": case, "signPk": b64u_encode(owner.record.sign_pk)}
    assert _cli_ok("open-pin", {**request, "boxSk": b64u_encode(owner.box_sk)}) == pin.to_json()
    run = _cli("open-pin", {**request, "boxSk": b64u_encode(other.box_sk)})
    assert run.returncode == 1
    assert json.loads(run.stdout)["error"].startswith("EnvelopeError")
