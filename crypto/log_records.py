"""The records an office log's entries hold (docs/protocol/v2.md sections 2 and 3.3): members,
office key versions, settings, and their strict parsing from an entry's JSON."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crypto.encoding import b64u_decode, b64u_encode
from crypto.errors import DecodeError, LogError
from crypto.keys import KdfParams

MEMBER_ID_MAX = 32
DISPLAY_NAME_MAX = 80
OFFICE_NAME_MAX = 200
KDF_ALG = "argon2id13"


@dataclass(frozen=True)
class MemberRecord:
    member_id: str
    display_name: str
    sign_pk: bytes
    box_pk: bytes

    def to_json(self) -> dict[str, str]:
        return {
            "member_id": self.member_id,
            "display_name": self.display_name,
            "sign_pk": b64u_encode(self.sign_pk),
            "box_pk": b64u_encode(self.box_pk),
        }


@dataclass(frozen=True)
class KeyVersion:
    version: int
    box_pk: bytes

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "box_pk": b64u_encode(self.box_pk)}


@dataclass(frozen=True)
class LogSettings:
    visitor_kdf: KdfParams
    member_kdf: KdfParams
    two_signatures_to_add: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "visitor_kdf": self.visitor_kdf.as_json(),
            "member_kdf": self.member_kdf.as_json(),
            "two_signatures_to_add": self.two_signatures_to_add,
        }


def integer(value: object, what: str, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low or value >= 2**53:
        raise LogError(f"{what} must be an integer from {low}")
    return value


def text(value: object, what: str, longest: int) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= longest:
        raise LogError(f"{what} must be 1 to {longest} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise LogError(f"{what} holds a lone surrogate, which is not text") from None
    return value


def exact_object(value: object, keys: Sequence[str], what: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(keys):
        raise LogError(f"{what} must be an object with exactly {', '.join(keys)}")
    return value


def key32(value: object, what: str) -> bytes:
    try:
        return b64u_decode(value, 32)
    except DecodeError as exc:
        raise LogError(f"{what} must be 32 bytes of base64url") from exc


def member_record(value: object) -> MemberRecord:
    obj = exact_object(value, ("member_id", "display_name", "sign_pk", "box_pk"), "a member")
    return MemberRecord(
        text(obj["member_id"], "member_id", MEMBER_ID_MAX),
        text(obj["display_name"], "display_name", DISPLAY_NAME_MAX),
        key32(obj["sign_pk"], "sign_pk"),
        key32(obj["box_pk"], "box_pk"),
    )


def key_version(value: object) -> KeyVersion:
    obj = exact_object(value, ("version", "box_pk"), "an office key")
    return KeyVersion(integer(obj["version"], "version", 1), key32(obj["box_pk"], "box_pk"))


def _kdf(value: object) -> KdfParams:
    obj = exact_object(value, ("alg", "ops", "mem"), "a kdf")
    if obj["alg"] != KDF_ALG:
        raise LogError("kdf alg must be argon2id13")
    return KdfParams(integer(obj["ops"], "ops", 1), integer(obj["mem"], "mem", 1))


def log_settings(value: object) -> LogSettings:
    obj = exact_object(value, ("visitor_kdf", "member_kdf", "two_signatures_to_add"), "settings")
    if not isinstance(obj["two_signatures_to_add"], bool):
        raise LogError("two_signatures_to_add must be true or false")
    return LogSettings(_kdf(obj["visitor_kdf"]), _kdf(obj["member_kdf"]), obj["two_signatures_to_add"])


def records(value: object, what: str) -> list[MemberRecord]:
    if not isinstance(value, list):
        raise LogError(f"{what} must be a list")
    return [member_record(v) for v in value]
