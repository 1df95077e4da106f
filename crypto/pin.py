"""Pins (docs/protocol/v2.md section 5): what an owner has seen of the office log, kept on the
server sealed to the owner's own box key and signed by the owner, so that a later log that does
not extend it, or a spent view-once item served again, is caught."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import Envelope, open_envelope, seal_envelope
from crypto.errors import DecodeError, EnvelopeError, LogError
from crypto.log_state import LogState

PIN_KIND = "pin"
VIEW_ONCE_KEPT = 1000  # the newest ids a pin keeps
MEMBER_PREFIX = "member:"


@dataclass(frozen=True)
class Pin:
    length: int
    head: bytes
    fingerprint: str
    view_once: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "length": self.length,
            "head": b64u_encode(self.head),
            "fingerprint": self.fingerprint,
            "view_once": list(self.view_once),
        }


def member_pin_case(member_id: str) -> str:
    """The ``case`` a member's pin envelope names."""
    return MEMBER_PREFIX + member_id


def pin_of(state: LogState, previous: Pin | None = None, opened: Iterable[str] = ()) -> Pin:
    """A pin of the current log, keeping the view-once ids of ``previous`` and adding ``opened``."""
    ids = dict.fromkeys([*(previous.view_once if previous else ()), *opened])  # in order, each once
    return Pin(state.length, state.head, state.fingerprint, tuple(list(ids)[-VIEW_ONCE_KEPT:]))


def check_pin(state: LogState, pin: Pin) -> None:
    """LogError unless the log is the same office's and extends the pinned one."""
    if pin.fingerprint != state.fingerprint:
        raise LogError("the office's fingerprint is not the one pinned")
    if not state.extends(pin.length, pin.head):
        raise LogError("the office log does not extend the one pinned: it was cut or rewritten")


def seal_pin(pin: Pin, *, case: str, sign_seed: bytes, box_pk: bytes, sent_at: int) -> Envelope:
    payload = {"format": PIN_KIND, "body": "", "pin": pin.to_json()}
    return seal_envelope(
        payload, case=case, kind=PIN_KIND, sender_seed=sign_seed, recipient_box_pks=[box_pk], sent_at=sent_at
    )


def open_pin(envelope: object, *, case: str, sign_pk: bytes, box_sk: bytes) -> Pin:
    """The pin, if it opens with the owner's keys and is one; EnvelopeError otherwise."""
    opened = open_envelope(envelope, box_sk, {sign_pk}, case)
    try:
        if opened.header["kind"] != PIN_KIND or opened.payload.get("format") != PIN_KIND:
            raise EnvelopeError("not a pin")
        raw = opened.payload["pin"]
        view_once = raw["view_once"]
        if not isinstance(view_once, list) or not all(isinstance(i, str) for i in view_once):
            raise EnvelopeError("view_once must be a list of ids")
        length, fingerprint = raw["length"], raw["fingerprint"]
        if not isinstance(length, int) or isinstance(length, bool) or length < 1 or not isinstance(fingerprint, str):
            raise EnvelopeError("a pin has an integer length and a fingerprint")
        return Pin(length, b64u_decode(raw["head"], 32), fingerprint, tuple(view_once))
    except (KeyError, TypeError, DecodeError) as exc:
        raise EnvelopeError("not a pin") from exc
