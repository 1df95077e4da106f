"""Verifying an office log from its first entry (docs/protocol/v2.md sections 3.4 and 4): the
members and office keys a client may trust are those of the resulting state, never the server's
lists. The server runs the same checks on each entry it is asked to append."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crypto.encoding import b64u_encode
from crypto.errors import LogError, ParameterError, SignatureError
from crypto.keys import MEMBER_FLOOR, VISITOR_FLOOR, kid
from crypto.log import (
    MAX_SIGS,
    KeyVersion,
    LogEntry,
    LogSettings,
    MemberRecord,
    key_version,
    log_settings,
    member_record,
    new_body,
    office_fingerprint,
    parse_entry,
    short_code,
    verify_signature,
)


@dataclass
class MemberState:
    record: MemberRecord
    added_seq: int
    removed_at: int | None = None  # the removal's time; None while a current member
    last_key: int | None = None  # the last key version current while a member, once removed

    @property
    def current(self) -> bool:
        return self.removed_at is None


class LogState:
    """What a verified log says: the office, its members (current and former), its key
    versions, its settings, and the hash of every prefix (to check pins and senders' views)."""

    def __init__(self, enforce_floor: bool = True) -> None:
        self.enforce_floor = enforce_floor
        self.office_id = ""
        self.name = ""
        self.members: dict[str, MemberState] = {}
        self.keys: list[KeyVersion] = []
        self.settings: LogSettings | None = None
        self.hashes: list[bytes] = []
        self._used: set[object] = set()  # every member id and key the log has named (office keys tagged)
        self._current: dict[str, MemberRecord] = {}  # current members, kept as entries apply

    # --- What clients ask --------------------------------------------------------------------

    @property
    def length(self) -> int:
        return len(self.hashes)

    @property
    def head(self) -> bytes:
        return self.hashes[-1]

    @property
    def fingerprint(self) -> str:
        return office_fingerprint(self.hashes[0])

    @property
    def short_code(self) -> str:
        return short_code(self.hashes[0])

    @property
    def current_key(self) -> KeyVersion:
        return self.keys[-1]

    def current_members(self) -> list[MemberRecord]:
        return list(self._current.values())

    def member(self, member_id: str) -> MemberState | None:
        return self.members.get(member_id)

    def member_by_sign_pk(self, sign_pk: bytes) -> MemberState | None:
        return next((m for m in self.members.values() if m.record.sign_pk == sign_pk), None)

    def key_by_kid(self, key_id: str) -> KeyVersion | None:
        return next((k for k in self.keys if kid(k.box_pk) == key_id), None)

    def extends(self, length: int, head: bytes) -> bool:
        """True if this log holds the log of ``length`` entries whose last hash is ``head``."""
        return 1 <= length <= self.length and self.hashes[length - 1] == head

    def item_sender(self, sign_pk: bytes, sent_at: int, recipient_kids: Iterable[str]) -> MemberRecord:
        """The member who may have sent an item with this signing key, time and recipients;
        LogError if no member of the log could have: a former member's items must be older
        than the removal, and sealed to a key version of their time."""
        member = self.member_by_sign_pk(sign_pk)
        if member is None:
            raise LogError("the sender is not a member of the office log")
        if member.current:
            return member.record
        removed_at, last_key = member.removed_at or 0, member.last_key or 0
        if sent_at >= removed_at:
            raise LogError("the sender was removed from the office before this was sent")
        versions = [k.version for k in (self.key_by_kid(r) for r in recipient_kids) if k is not None]
        if not versions or max(versions) > last_key:
            raise LogError("sealed to an office key made after the sender was removed")
        return member.record

    # --- The next entry's body ----------------------------------------------------------------

    def next_body(self, at: int, type_: str, **fields: Any) -> dict[str, Any]:
        """The body of the entry that would follow this log (to sign with log.make_entry)."""
        return new_body(self.office_id, self.length, self.head, at, type_, **fields)

    def member_added(self, at: int, record: MemberRecord) -> dict[str, Any]:
        return self.next_body(at, "member_added", member=record.to_json())

    def member_removed(self, at: int, member_id: str, key: KeyVersion) -> dict[str, Any]:
        return self.next_body(at, "member_removed", member_id=member_id, office_key=key.to_json())

    def office_key(self, at: int, key: KeyVersion) -> dict[str, Any]:
        return self.next_body(at, "office_key", office_key=key.to_json())

    def settings_change(self, at: int, settings: LogSettings) -> dict[str, Any]:
        return self.next_body(at, "settings", settings=settings.to_json())

    # --- Appending, with every check ---------------------------------------------------------

    def apply(self, entry: LogEntry) -> None:
        """Check ``entry`` as the next one and take it in; LogError otherwise (the state is then
        not to be used: a log with one bad entry is refused whole)."""
        body = entry.body
        if self.length == 0:
            if entry.type != "genesis" or body["seq"] != 0 or body["prev"] is not None:
                raise LogError("a log starts with a genesis entry")
        elif entry.type == "genesis" or body["seq"] != self.length:
            raise LogError(f"entry {self.length} is out of place")
        elif body["office"] != self.office_id or body["prev"] != b64u_encode(self.head):
            raise LogError(f"entry {self.length} does not follow the one before")
        signers = self._check_signatures(entry)
        getattr(self, f"_apply_{entry.type}")(entry, signers)
        self.hashes.append(entry.hash)

    def _signers_pool(self, entry: LogEntry) -> dict[str, MemberRecord]:
        if entry.type == "genesis":
            return {m.member_id: m for m in (member_record(v) for v in entry.body["members"])}
        return self._current

    def _check_signatures(self, entry: LogEntry) -> list[str]:
        signers = [s.by for s in entry.sigs]
        if not 1 <= len(signers) <= MAX_SIGS or len(set(signers)) != len(signers):
            raise LogError(f"an entry has 1 to {MAX_SIGS} signatures, by distinct members")
        pool = self._signers_pool(entry)
        for s in entry.sigs:
            signer = pool.get(s.by)
            if signer is None:
                raise LogError(f"{s.by} is not a current member and may not sign")
            try:
                verify_signature(entry.body_bytes, s, signer.sign_pk, entry.hash)
            except SignatureError as exc:
                raise LogError(f"the signature of {s.by} does not verify") from exc
        needed = 1
        if entry.type == "member_added" and self.settings and self.settings.two_signatures_to_add and len(pool) >= 2:
            needed = 2
        if len(entry.sigs) < needed:
            raise LogError(f"a {entry.type} entry needs {needed} signatures here")
        return signers

    def _check_new_key(self, key: KeyVersion) -> None:
        if key.version != self.current_key.version + 1:
            raise LogError("a new office key version must follow the current one")
        if ("office-key", key.box_pk) in self._used:
            raise LogError("an office key may not come back")

    def _check_new_member(self, record: MemberRecord) -> None:
        named: set[object] = {record.member_id, record.sign_pk, record.box_pk}
        if len(named) != 3 or named & self._used:
            raise LogError("a member's id and keys may appear in the log once")
        self._used |= named

    def _check_settings(self, settings: LogSettings) -> None:
        if self.settings is not None:
            if (settings.visitor_kdf, settings.member_kdf) != (self.settings.visitor_kdf, self.settings.member_kdf):
                raise LogError("key derivation parameters are fixed for the life of the office")
        elif self.enforce_floor:
            try:
                settings.visitor_kdf.check_floor(VISITOR_FLOOR)
                settings.member_kdf.check_floor(MEMBER_FLOOR)
            except ParameterError as exc:
                raise LogError(f"settings below the protocol's floor: {exc}") from exc

    def _apply_genesis(self, entry: LogEntry, signers: list[str]) -> None:
        body = entry.body
        members = [member_record(v) for v in body["members"]]
        former = [member_record(v) for v in body["former_members"]]
        keys = [key_version(v) for v in body["office_keys"]]
        settings = log_settings(body["settings"])
        if not members:
            raise LogError("a genesis names at least one member")
        if [k.version for k in keys] != list(range(1, len(keys) + 1)) or len({k.box_pk for k in keys}) != len(keys):
            raise LogError("the genesis's office keys are versions 1, 2, … each a different key")
        self._check_settings(settings)
        for record in members + former:
            self._check_new_member(record)
            self.members[record.member_id] = MemberState(record, 0)
        self._current = {record.member_id: record for record in members}
        for record in former:
            self.members[record.member_id].removed_at = int(body["at"])
            self.members[record.member_id].last_key = len(keys)
        self.office_id, self.name, self.settings = body["office"], body["name"], settings
        for key in keys:
            self._add_key(key)

    def _add_key(self, key: KeyVersion) -> None:
        """A key version taken in: current from now, and never to come back."""
        self.keys.append(key)
        self._used.add(("office-key", key.box_pk))

    def _apply_member_added(self, entry: LogEntry, signers: list[str]) -> None:
        record = member_record(entry.body["member"])
        self._check_new_member(record)
        self.members[record.member_id] = MemberState(record, entry.seq)
        self._current[record.member_id] = record

    def _apply_member_removed(self, entry: LogEntry, signers: list[str]) -> None:
        member = self.members.get(entry.body["member_id"])
        if member is None or not member.current:
            raise LogError("only a current member can be removed")
        if member.record.member_id in signers:  # (so at least the signer remains)
            raise LogError("a member does not sign their own removal")
        key = key_version(entry.body["office_key"])
        self._check_new_key(key)
        member.removed_at, member.last_key = int(entry.body["at"]), self.current_key.version
        del self._current[member.record.member_id]
        self._add_key(key)

    def _apply_office_key(self, entry: LogEntry, signers: list[str]) -> None:
        key = key_version(entry.body["office_key"])
        self._check_new_key(key)
        self._add_key(key)

    def _apply_settings(self, entry: LogEntry, signers: list[str]) -> None:
        settings = log_settings(entry.body["settings"])
        self._check_settings(settings)
        self.settings = settings


def verify_log(entries: Iterable[object], office_id: str | None = None, *, enforce_floor: bool = True) -> LogState:
    """The state of a whole log, each entry (as it travels, or parsed) checked from the first;
    LogError on the first that fails. ``office_id``, when known, must be the log's."""
    state = LogState(enforce_floor)
    for raw in entries:
        state.apply(raw if isinstance(raw, LogEntry) else parse_entry(raw))
    if state.length == 0:
        raise LogError("the office has no log")
    if office_id is not None and state.office_id != office_id:
        raise LogError("the log is another office's")
    return state
