"""Pins (docs/protocol/v2.md section 5): what this visitor or member has seen of the office log,
kept on the server sealed to their own box key. Checked before anything is sent or shown, then
stored anew, as static/js/models/pins.js does."""

from dataclasses import dataclass

from crypto.errors import EnvelopeError, LogError
from crypto.log_state import LogState
from crypto.pin import Pin, check_pin, open_pin, pin_of, seal_pin
from terminal.errors import IntegrityError
from terminal.http import Api
from terminal.office import CHANGED

UNREADABLE = (
    "REFUSED: the record the portal keeps of the office key log you saw last does not open with your keys. "
    "Someone may have tampered with the portal. Do not continue: contact the office another way."
)


@dataclass(frozen=True)
class OwnerKeys:
    sign_seed: bytes
    sign_pk: bytes
    box_sk: bytes
    box_pk: bytes


class PinKeeper:
    """``path``: /cases/{id}/pin or /office/pin; ``case``: the pin envelope's case (the case id,
    or "member:" + the member id)."""

    def __init__(self, api: Api, path: str, case: str, keys: OwnerKeys) -> None:
        self.api, self.path, self.case, self.keys = api, path, case, keys
        self.pin: Pin | None = None

    def check(self, log: LogState) -> bool:
        """True if a pin was stored and the log extends it; False if there is none; IntegrityError otherwise."""
        stored = self.api.get(self.path)
        envelope = stored.get("envelope") if isinstance(stored, dict) else None
        if envelope is None:
            return False
        try:
            self.pin = open_pin(envelope, case=self.case, sign_pk=self.keys.sign_pk, box_sk=self.keys.box_sk)
            check_pin(log, self.pin)
        except EnvelopeError as exc:
            raise IntegrityError(UNREADABLE) from exc
        except LogError as exc:
            raise IntegrityError(CHANGED.format(why=exc)) from exc
        return True

    def store(self, log: LogState, opened: tuple[str, ...] = ()) -> None:
        pin = pin_of(log, self.pin, opened)
        sealed = seal_pin(
            pin, case=self.case, sign_seed=self.keys.sign_seed, box_pk=self.keys.box_pk, sent_at=self.api.server_now()
        )
        self.api.put(self.path, {"envelope": sealed.to_json()})
        self.pin = pin

    def follow(self, log: LogState) -> None:
        """Stores a pin anew if the log grew since (a member added or removed meanwhile)."""
        if self.pin is not None and log.length > self.pin.length:
            self.store(log)

    def opened_before(self, item_id: str) -> bool:
        return self.pin is not None and item_id in self.pin.view_once
