"""The office as this client knows it: its members and keys from the signed office log
(docs/protocol/v2.md), verified from its first entry, never from the server's lists. As on the
pages (static/js/models/office.js), a log read again must extend the one already verified."""

from typing import Any

from crypto.encoding import b64u_decode, b64u_encode
from crypto.errors import DecodeError, LogError
from crypto.log import KeyVersion, parse_entry
from crypto.log_state import LogState, verify_log
from terminal.errors import ClientError, IntegrityError
from terminal.http import Api

VISITOR = "visitor"  # how the server names the visitor, as a sender or a viewer
FORMER_MEMBER = "Former member"  # a member id the log does not name (never granted the key)
NOT_READY = "the office has not set up its signed key log yet, so this client cannot trust it; try again later"
BROKEN = (
    "REFUSED: the office's signed key log, as this portal serves it, does not verify ({why}). "
    "Someone may have tampered with the portal. Do not continue: contact the office another way."
)
CHANGED = (
    "REFUSED: the office's key log is not the one seen last time ({why}): it has been cut short or "
    "rewritten. Someone may have tampered with the portal. Do not continue: contact the office another way."
)


class Office:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.record: dict[str, Any] = {}
        self._log: LogState | None = None
        self._genesis_signers: list[str] = []

    def load(self) -> "Office":
        """Asks again and verifies what is new in the log; IntegrityError if it does not verify
        or does not extend the log verified before."""
        record = self.api.get("/office")
        known = self._log
        served = self.api.get(f"/office/log?after={known.length if known else 0}")
        try:
            entries = served["entries"]
            if known is None:
                if not entries:
                    raise ClientError(NOT_READY)
                self._log = verify_log(entries, str(record["office_id"]))
                self._genesis_signers = [s.by for s in parse_entry(entries[0]).sigs]
            else:
                if served["length"] < known.length:
                    raise LogError("the log is shorter than it was")
                for raw in entries:
                    known.apply(parse_entry(raw))
                if served["length"] != known.length or served["head"] != b64u_encode(known.head):
                    raise LogError("the log served is not the one verified")
        except (LogError, DecodeError, KeyError, TypeError) as exc:
            self._log = None  # nothing of a refused log is used
            raise IntegrityError((CHANGED if known else BROKEN).format(why=exc)) from exc
        self.record = record
        return self

    @property
    def log(self) -> LogState:
        if self._log is None:
            raise ClientError(NOT_READY)
        return self._log

    @property
    def id(self) -> str:
        return str(self.record["office_id"])

    @property
    def name(self) -> str:
        return self.log.name

    @property
    def covenant_version(self) -> int:
        return int(self.record["covenant_version"])

    @property
    def current_key(self) -> KeyVersion:
        return self.log.current_key

    def started_by(self, member_id: str) -> bool:
        """True if ``member_id`` signed the log's first entry: they made it, and need no one's word."""
        return member_id in self._genesis_signers

    def member_name(self, member_id: str) -> str:
        member = self.log.member(member_id)
        return member.record.display_name if member else FORMER_MEMBER

    def signing_keys(self) -> set[bytes]:
        """Every signing key the log has named, former members' too (their earlier items still verify)."""
        return {m.record.sign_pk for m in self.log.members.values()}

    def sender_name(self, sign_pk: str, visitor_sign_pk: str | None, self_ref: str) -> str:
        """Who sent an item, by its header's signing key, as ``self_ref`` ("visitor" or a member id) sees it."""
        if sign_pk == visitor_sign_pk:
            return "You" if self_ref == VISITOR else "Visitor"
        member = self.log.member_by_sign_pk(b64u_decode(sign_pk))
        if member is None:
            return FORMER_MEMBER
        name = member.record.display_name
        return f"{name} (you)" if member.record.member_id == self_ref else name

    def viewer_name(self, by: str, self_ref: str) -> str:
        """Who opened an item, as the server names viewers ("visitor" or a member id)."""
        if by == VISITOR:
            return "You" if self_ref == VISITOR else "the visitor"
        name = self.member_name(by)
        return f"{name} (you)" if by == self_ref else name
