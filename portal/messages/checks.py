"""The server's checks on an envelope before it stores one (PROTOCOL.md section 8), for a case's
items and the office's templates alike: what differs is said by an ``Expected``."""

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

from crypto.envelope import Envelope, is_padded_length, parse_envelope, verify_envelope
from crypto.errors import DecodeError, SignatureError, VersionError
from portal.deps import Deps
from portal.messages.errors import (
    BadPadding,
    BadRecipients,
    BadSignature,
    ClockSkew,
    ConsentMustLast,
    HeaderTooLarge,
    ItemTooLarge,
    KindNotAllowed,
    MalformedEnvelope,
    TtlOutOfRange,
    UnsupportedVersion,
    WrongCase,
    WrongSender,
)


@dataclass(frozen=True)
class Expected:
    """What this envelope must be: its case, its signer, the kinds allowed, and for each kind
    the exact set of recipient key ids."""

    case: str
    sender: bytes
    kinds: Set[str]
    recipients: Mapping[str, Set[str]]
    recipients_rule: str = "The recipients must be the office key and the case's visitor."
    lasting: Set[str] = frozenset()  # kinds that may have no lifetime and not be view once


def check_envelope(deps: Deps, raw: Any, expected: Expected) -> Envelope:
    """Every check, in the spec's order; raises an EnvelopeRefused naming the first that fails."""
    s = deps.settings
    try:
        env = parse_envelope(raw)
    except VersionError:
        raise UnsupportedVersion() from None
    except DecodeError as exc:
        raise MalformedEnvelope(f"The envelope is malformed: {exc}.") from None
    if len(env.header_bytes) > s.messages_max_header_bytes:
        raise HeaderTooLarge()
    if env.header["case"] != expected.case:
        raise WrongCase()
    if env.sender != expected.sender:
        raise WrongSender()
    try:
        verify_envelope(env)
    except SignatureError:
        raise BadSignature() from None
    if abs(env.header["sent_at"] - deps.now()) > s.auth_clock_skew_seconds:
        raise ClockSkew()
    ttl = env.header["ttl"]
    if ttl is not None and not s.messages_ttl_min_seconds <= ttl <= s.messages_ttl_max_seconds:
        raise TtlOutOfRange()
    kind = env.header["kind"]
    if kind not in expected.kinds:
        raise KindNotAllowed()
    if kind in expected.lasting and (ttl is not None or env.header["view_once"]):
        raise ConsentMustLast()
    kids = env.recipient_kids
    if len(set(kids)) != len(kids):
        raise BadRecipients("A recipient is named twice.")
    if set(kids) != expected.recipients[kind]:
        raise BadRecipients(expected.recipients_rule)
    if env.padded_size > s.messages_max_padded_bytes:
        raise ItemTooLarge()
    if not is_padded_length(env.padded_size):
        raise BadPadding()
    return env
