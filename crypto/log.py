"""Entries of the signed office log (docs/protocol/v2.md sections 2, 3.1 to 3.3 and 3.5): their
bodies, hashes and signatures, strict parsing, and the fingerprints people compare. What a whole
log means is crypto/log_state.py's."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from crypto import strict_json
from crypto.encoding import b64u_decode, b64u_encode, h16, h32, tagged_v2
from crypto.errors import DecodeError, LogError, SignatureError
from crypto.log_records import (
    MEMBER_ID_MAX,
    OFFICE_NAME_MAX,
    KeyVersion,
    LogSettings,
    MemberRecord,
    exact_object,
    integer,
    key_version,
    log_settings,
    member_record,
    records,
    text,
)

# The records are crypto/log_records.py's; they are named here too, as part of the log's vocabulary.
__all__ = [
    "MAX_SIGS",
    "KeyVersion",
    "LogEntry",
    "LogSettings",
    "MemberRecord",
    "Signature",
    "add_signature",
    "entry_hash",
    "fingerprint_from_link",
    "genesis_body",
    "key_version",
    "log_settings",
    "make_entry",
    "member_fingerprint",
    "member_record",
    "new_body",
    "office_fingerprint",
    "parse_body",
    "parse_entry",
    "short_code",
    "sign_body",
    "verify_signature",
]

VERSION = 2
TYPES = ("genesis", "member_added", "member_removed", "office_key", "settings")
COMMON = ("v", "office", "seq", "prev", "at", "type")
FIELDS = {
    "genesis": ("name", "members", "former_members", "office_keys", "settings"),
    "member_added": ("member",),
    "member_removed": ("member_id", "office_key"),
    "office_key": ("office_key",),
    "settings": ("settings",),
}
MAX_SIGS = 2
SHORT_CODE_DIGITS = 20


@dataclass(frozen=True)
class Signature:
    by: str  # the signer's member id
    sig: bytes


@dataclass(frozen=True)
class LogEntry:
    """An entry as it travels: the body's bytes, the body parsed and typed, and its signatures."""

    body_bytes: bytes
    body: dict[str, Any]
    sigs: tuple[Signature, ...]

    @cached_property
    def hash(self) -> bytes:
        return entry_hash(self.body_bytes)  # (once: chaining and every signature check need it)

    @property
    def seq(self) -> int:
        return int(self.body["seq"])

    @property
    def type(self) -> str:
        return str(self.body["type"])

    def to_json(self) -> dict[str, Any]:
        return {
            "body": b64u_encode(self.body_bytes),
            "sigs": [{"by": s.by, "sig": b64u_encode(s.sig)} for s in self.sigs],
        }


# --- Hashes, signatures, fingerprints ------------------------------------------------------


def entry_hash(body_bytes: bytes) -> bytes:
    return h32(tagged_v2("log-entry", body_bytes))


def _signed_message(body_bytes: bytes, digest: bytes | None = None) -> bytes:
    return tagged_v2("log-sig", digest if digest is not None else entry_hash(body_bytes))


def sign_body(body_bytes: bytes, member_id: str, sign_seed: bytes) -> Signature:
    return Signature(member_id, SigningKey(sign_seed).sign(_signed_message(body_bytes)).signature)


def verify_signature(body_bytes: bytes, signature: Signature, sign_pk: bytes, digest: bytes | None = None) -> None:
    """SignatureError unless ``signature`` is by ``sign_pk`` over this body (``digest``: its entry_hash, if known)."""
    try:
        VerifyKey(sign_pk).verify(_signed_message(body_bytes, digest), signature.sig)
    except (BadSignatureError, ValueError) as exc:
        raise SignatureError("log entry signature does not verify") from exc


def _groups(hexed: str) -> str:
    return " ".join(hexed[i : i + 4] for i in range(0, len(hexed), 4))


def office_fingerprint(genesis_hash: bytes) -> str:
    return _groups(h16(tagged_v2("fingerprint", genesis_hash)).hex().upper())


def short_code(genesis_hash: bytes) -> str:
    """The fingerprint's first 64 bits as 20 digits in groups of five, for comparing aloud."""
    digits = str(int.from_bytes(h16(tagged_v2("fingerprint", genesis_hash))[:8], "big")).zfill(SHORT_CODE_DIGITS)
    return " ".join(digits[i : i + 5] for i in range(0, SHORT_CODE_DIGITS, 5))


def member_fingerprint(record: MemberRecord) -> str:
    material = record.member_id.encode("utf-8") + b"\0" + record.sign_pk + record.box_pk
    return _groups(h16(tagged_v2("member", material)).hex().upper())


def fingerprint_from_link(fragment: str) -> str | None:
    """The fingerprint a link's fragment carries (``fp=…``), in its shown form; None if none."""
    for part in fragment.lstrip("#").split("&"):
        name, _, value = part.partition("=")
        if name == "fp":
            hexed = value.replace(" ", "").replace("-", "").replace("%20", "").upper()
            if len(hexed) == 32 and all(c in "0123456789ABCDEF" for c in hexed):
                return _groups(hexed)
    return None


# --- Building entries ----------------------------------------------------------------------


def _dumps(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def new_body(office_id: str, seq: int, prev: bytes | None, at: int, type_: str, **fields: Any) -> dict[str, Any]:
    """A body with the common fields first, then the type's, as JSON values."""
    body: dict[str, Any] = {
        "v": VERSION,
        "office": office_id,
        "seq": seq,
        "prev": None if prev is None else b64u_encode(prev),
        "at": at,
        "type": type_,
    }
    return body | fields


def genesis_body(
    office_id: str,
    at: int,
    name: str,
    members: Sequence[MemberRecord],
    former_members: Sequence[MemberRecord],
    office_keys: Sequence[KeyVersion],
    settings: LogSettings,
) -> dict[str, Any]:
    return new_body(
        office_id,
        0,
        None,
        at,
        "genesis",
        name=name,
        members=[m.to_json() for m in members],
        former_members=[m.to_json() for m in former_members],
        office_keys=[k.to_json() for k in office_keys],
        settings=settings.to_json(),
    )


def make_entry(body: dict[str, Any], signers: Sequence[tuple[str, bytes]]) -> LogEntry:
    """Serialise ``body`` once and sign it by each (member id, signing seed)."""
    body_bytes = _dumps(body)
    return LogEntry(body_bytes, parse_body(body_bytes), tuple(sign_body(body_bytes, m, seed) for m, seed in signers))


def add_signature(entry: LogEntry, member_id: str, sign_seed: bytes) -> LogEntry:
    """A co-signer's signature on the same body bytes (two signatures to add a member)."""
    return LogEntry(entry.body_bytes, entry.body, (*entry.sigs, sign_body(entry.body_bytes, member_id, sign_seed)))


# --- Parsing strictly ----------------------------------------------------------------------


def _check_fields(body: dict[str, Any]) -> None:
    """The form of each field; what they mean against the log is log_state's to check."""
    integer(body["seq"], "seq")
    integer(body["at"], "at")
    text(body["office"], "office", OFFICE_NAME_MAX)
    if body["prev"] is not None:
        b64u_decode(body["prev"], 32)
    kind = body["type"]
    if kind == "genesis":
        text(body["name"], "name", OFFICE_NAME_MAX)
        records(body["members"], "members")
        records(body["former_members"], "former_members")
        if not isinstance(body["office_keys"], list) or not body["office_keys"]:
            raise LogError("office_keys must be a non-empty list")
        for k in body["office_keys"]:
            key_version(k)
        log_settings(body["settings"])
    elif kind == "member_added":
        member_record(body["member"])
    elif kind == "member_removed":
        text(body["member_id"], "member_id", MEMBER_ID_MAX)
        key_version(body["office_key"])
    elif kind == "office_key":
        key_version(body["office_key"])
    else:
        log_settings(body["settings"])


def parse_body(body_bytes: bytes) -> dict[str, Any]:
    try:
        body = strict_json.loads(body_bytes, unique_keys=True, floats=False)
    except DecodeError as exc:
        raise LogError("an entry body is not strict UTF-8 JSON") from exc
    if not isinstance(body, dict) or body.get("v") != VERSION or not isinstance(body.get("v"), int):
        raise LogError("an entry body is a JSON object with v 2")
    kind = body.get("type")
    if kind not in TYPES:
        raise LogError("unknown entry type")
    if set(body) != set(COMMON) | set(FIELDS[kind]):
        raise LogError(f"a {kind} entry has exactly the fields {', '.join(COMMON + FIELDS[kind])}")
    try:
        _check_fields(body)
    except DecodeError as exc:
        raise LogError(f"a field of the entry is malformed: {exc}") from exc
    return body


def parse_entry(obj: object) -> LogEntry:
    """An entry as it travels, decoded strictly; its signatures are not checked here."""
    try:
        if not isinstance(obj, dict) or set(obj) != {"body", "sigs"}:
            raise LogError("an entry is an object with body and sigs")
        body_bytes = b64u_decode(obj["body"])
        sigs = obj["sigs"]
        if not isinstance(sigs, list) or not 1 <= len(sigs) <= MAX_SIGS:
            raise LogError(f"an entry has 1 to {MAX_SIGS} signatures")
        parsed = []
        for s in sigs:
            s_obj = exact_object(s, ("by", "sig"), "a signature")
            parsed.append(Signature(text(s_obj["by"], "by", MEMBER_ID_MAX), b64u_decode(s_obj["sig"], 64)))
    except DecodeError as exc:
        raise LogError(f"an entry is malformed: {exc}") from exc
    if len({s.by for s in parsed}) != len(parsed):
        raise LogError("a member signs an entry twice")
    return LogEntry(body_bytes, parse_body(body_bytes), tuple(parsed))
