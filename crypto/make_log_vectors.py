"""Vectors for the office log, its fingerprints and pins (docs/protocol/v2.md sections 2 to 5):
logs that verify, with what they say, and logs that must be refused, with the entry at which.
Every key comes from a fixed seed and Ed25519 signs deterministically, so a rerun writes the
same bytes."""

import json
from collections.abc import Callable
from typing import Any

from nacl.bindings import crypto_box_seed_keypair
from nacl.signing import SigningKey

from crypto.encoding import b64u_encode, h32
from crypto.keys import MEMBER_FLOOR, VISITOR_DEFAULT_KDF, KdfParams, kid
from crypto.log import (
    KeyVersion,
    LogEntry,
    LogSettings,
    MemberRecord,
    Signature,
    genesis_body,
    make_entry,
    member_fingerprint,
    new_body,
    sign_body,
)
from crypto.log_state import LogState, verify_log
from crypto.pin import Pin

OFFICE = "office-vectors"
T0 = 1_790_000_000
SETTINGS = LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR)
Signer = tuple[str, bytes]


def _seed(label: str) -> bytes:
    return h32(b"sottovoce vectors " + label.encode())


class Person:
    def __init__(self, member_id: str, name: str) -> None:
        self.seed = _seed(member_id)
        box_pk, _ = crypto_box_seed_keypair(_seed(member_id + " box"))
        self.record = MemberRecord(member_id, name, bytes(SigningKey(self.seed).verify_key), box_pk)
        self.signer: Signer = (member_id, self.seed)


def _key(label: str, version: int) -> KeyVersion:
    return KeyVersion(version, crypto_box_seed_keypair(_seed(label))[0])


ADA, BEA, CY, DEE = (
    Person("m_ada", "Ada Lovelace"),
    Person("m_bea", "Béatrice Ombuds"),
    Person("m_cy", "Cy"),
    Person("m_dee", "Dee Stranger"),
)
K1, K2, K3 = _key("office key 1", 1), _key("office key 2", 2), _key("office key 3", 3)


def _grow(state: LogState, entries: list[LogEntry], body: dict[str, Any], *signers: Signer) -> None:
    entry = make_entry(body, signers)
    state.apply(entry)
    entries.append(entry)


def grown_log() -> list[LogEntry]:
    """Genesis with Ada; Bea added; two signatures required; Cy added by two; Bea removed; a rotation."""
    first = make_entry(_genesis([ADA], [K1]), [ADA.signer])
    state, entries = LogState(), [first]
    state.apply(first)
    _grow(state, entries, state.member_added(T0 + 10, BEA.record), ADA.signer)
    _grow(
        state, entries, state.settings_change(T0 + 20, LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR, True)), BEA.signer
    )
    _grow(state, entries, state.member_added(T0 + 30, CY.record), ADA.signer, BEA.signer)
    _grow(state, entries, state.member_removed(T0 + 40, BEA.record.member_id, K2), ADA.signer)
    _grow(state, entries, state.office_key(T0 + 50, K3), CY.signer)
    return entries


def migrated_log() -> list[LogEntry]:
    body = genesis_body(OFFICE, T0, "Vector Office", [ADA.record, BEA.record], [CY.record], [K1, K2], SETTINGS)
    return [make_entry(body, [BEA.signer])]


def _replace(
    entries: list[LogEntry], at: int, change: Callable[[dict[str, Any]], None], *signers: Signer
) -> list[LogEntry]:
    body = dict(entries[at].body)
    change(body)
    return [*entries[:at], _unchecked_entry(body, signers or (ADA.signer,)), *entries[at + 1 :]]


def _unchecked_entry(body: dict[str, Any], signers: tuple[Signer, ...], *, ascii_only: bool = False) -> LogEntry:
    """Signed, but not parsed: a bad entry must be written before a verifier can refuse it."""
    body_bytes = json.dumps(body, separators=(",", ":"), ensure_ascii=ascii_only).encode("utf-8")
    return LogEntry(body_bytes, body, tuple(sign_body(body_bytes, m, seed) for m, seed in signers))


def _new_key(key: KeyVersion) -> Callable[[dict[str, Any]], None]:
    return lambda body: body.update(office_key=key.to_json())


def _genesis(members: list[Person], keys: list[KeyVersion], settings: LogSettings = SETTINGS) -> dict[str, Any]:
    return genesis_body(OFFICE, T0, "Vector Office", [p.record for p in members], [], keys, settings)


def _bad_logs() -> list[tuple[str, list[LogEntry], int]]:
    grown = grown_log()
    head2 = grown[:2]
    weak = LogSettings(KdfParams(1, 8192), KdfParams(1, 8192))
    sig = bytearray(grown[1].sigs[0].sig)
    sig[0] ^= 1
    tampered = LogEntry(grown[1].body_bytes, grown[1].body, (Signature("m_ada", bytes(sig)),))
    state2 = verify_log(head2)
    twice = MemberRecord("m_new", "New", ADA.record.sign_pk, DEE.record.box_pk)
    lone = MemberRecord("m_new", "\ud800", DEE.record.sign_pk, DEE.record.box_pk)
    changed_kdf = LogSettings(KdfParams(4, VISITOR_DEFAULT_KDF.mem), MEMBER_FLOOR)
    genesis_fields = {k: grown[0].body[k] for k in ("name", "members", "former_members", "office_keys", "settings")}
    return [
        ("a log that does not start with a genesis", grown[1:], 0),
        (
            "prev names another entry",
            _replace(grown, 1, lambda b: b.update(prev=b64u_encode(bytes(32))), ADA.signer),
            1,
        ),
        ("seq out of place", _replace(grown, 1, lambda b: b.update(seq=2), ADA.signer), 1),
        ("signed by someone not in the log", _replace(grown, 1, lambda _: None, DEE.signer), 1),
        ("a signature altered", [grown[0], tampered], 1),
        ("one signature where two are needed", _replace(grown, 3, lambda _: None, ADA.signer), 3),
        ("a removed member signs", [*grown[:5], make_entry(grown[5].body, [BEA.signer])], 5),
        ("an office key version skipped", _replace(grown, 5, _new_key(_key("k9", 5)), CY.signer), 5),
        ("an office key comes back", _replace(grown, 5, _new_key(KeyVersion(3, K1.box_pk)), CY.signer), 5),
        ("a member's key appears twice", [*head2, make_entry(state2.member_added(T0 + 20, twice), [ADA.signer])], 2),
        (
            "a member removes themself",
            [*head2, make_entry(state2.member_removed(T0 + 20, "m_bea", K2), [BEA.signer])],
            2,
        ),
        ("key derivation changed", [*head2, make_entry(state2.settings_change(T0 + 20, changed_kdf), [ADA.signer])], 2),
        ("a field the protocol does not know", _replace(grown, 1, lambda b: b.update(note="hi"), ADA.signer), 1),
        ("a genesis signed by someone it does not name", [make_entry(grown[0].body, [DEE.signer])], 0),
        ("a genesis below the key-derivation floor", [make_entry(_genesis([ADA], [K1], weak), [ADA.signer])], 0),
        (
            "a second genesis",
            [grown[0], make_entry(new_body(OFFICE, 1, grown[0].hash, T0, "genesis", **genesis_fields), [ADA.signer])],
            1,
        ),
        ("a member signs twice", [grown[0], LogEntry(grown[1].body_bytes, grown[1].body, grown[1].sigs * 2)], 1),
        (
            "a name that is not text (a lone surrogate)",
            [*head2, _unchecked_entry(state2.member_added(T0 + 20, lone), (ADA.signer,), ascii_only=True)],
            2,
        ),
    ]


def _expect(state: LogState) -> dict[str, Any]:
    return {
        "length": state.length,
        "head": b64u_encode(state.head),
        "fingerprint": state.fingerprint,
        "short_code": state.short_code,
        "current_members": [
            {"member_id": m.member_id, "display_name": m.display_name} for m in state.current_members()
        ],
        "former_members": sorted(i for i, m in state.members.items() if not m.current),
        "current_key": state.current_key.to_json(),
    }


def _senders(state: LogState) -> list[dict[str, Any]]:
    removed_at = T0 + 40
    cases = [
        ("a current member", ADA, T0 + 99, [K3], "m_ada"),
        ("a former member, before removal, to a key of their time", BEA, removed_at - 1, [K1], "m_bea"),
        ("a former member, after removal", BEA, removed_at, [K1], None),
        ("a former member, to a key made after removal", BEA, removed_at - 1, [K2], None),
        ("someone never in the log", DEE, T0 + 1, [K1], None),
    ]
    return [
        {
            "why": why,
            "sign_pk": b64u_encode(p.record.sign_pk),
            "sent_at": at,
            "recipient_kids": [kid(k.box_pk) for k in keys],
            "member_id": who,
        }
        for why, p, at, keys, who in cases
    ]


def _pins(state: LogState) -> list[dict[str, Any]]:
    def pin(length: int, head: bytes, fingerprint: str = state.fingerprint) -> dict[str, Any]:
        return Pin(length, head, fingerprint, ("item-1",)).to_json()

    return [
        {"why": "the log as pinned", "pin": pin(state.length, state.head), "extends": True},
        {"why": "an earlier log", "pin": pin(3, state.hashes[2]), "extends": True},
        {"why": "a log that forked", "pin": pin(3, bytes(32)), "extends": False},
        {"why": "a longer log than served (cut)", "pin": pin(state.length + 1, state.head), "extends": False},
        {"why": "another office", "pin": pin(3, state.hashes[2], "0000 " * 7 + "0000"), "extends": False},
    ]


def log_vectors() -> dict[str, Any]:
    grown, migrated = grown_log(), migrated_log()
    state = verify_log(grown)
    return {
        "about": "The office log (docs/protocol/v2.md section 3): logs that verify and what they say; logs that "
        "must be refused and the seq of the first bad entry; which senders a verified log accepts (section 4); "
        "which pins it extends (section 5); member fingerprints; fingerprints read from links (section 3.5).",
        "office_id": OFFICE,
        "valid": [
            {"name": "grown", "entries": [e.to_json() for e in grown], "expect": _expect(state)},
            {"name": "migrated", "entries": [e.to_json() for e in migrated], "expect": _expect(verify_log(migrated))},
        ],
        "invalid": [
            {"reason": why, "entries": [e.to_json() for e in log], "bad_at": at} for why, log, at in _bad_logs()
        ],
        "senders": {"log": "grown", "cases": _senders(state)},
        "pins": {"log": "grown", "cases": _pins(state)},
        "member_fingerprints": [
            {"member": p.record.to_json(), "fingerprint": member_fingerprint(p.record)} for p in (ADA, BEA)
        ],
        "links": [
            {"fragment": "#fp=" + state.fingerprint.replace(" ", "").lower(), "fingerprint": state.fingerprint},
            {"fragment": "#lang=fr&fp=" + state.fingerprint.replace(" ", "-"), "fingerprint": state.fingerprint},
            {"fragment": "#fp=" + state.fingerprint.replace(" ", "")[:-1], "fingerprint": None},
            {"fragment": "#fp=" + "G" * 32, "fingerprint": None},
            {"fragment": "", "fingerprint": None},
        ],
    }
