"""The signed office log on the server (docs/protocol/v2.md sections 3 and 7): stored as its
signers made it, served to anyone, and appended to only by an entry that verifies against it
and extends its head. No client relies on these checks; they keep the stored log whole."""

import threading
from collections.abc import Collection

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crypto.encoding import b64u_encode
from crypto.errors import LogError
from crypto.log import (
    KeyVersion,
    LogEntry,
    MemberRecord,
    Signature,
    key_version,
    log_settings,
    member_record,
    parse_entry,
)
from crypto.log_state import LogState, verify_log
from portal.deps import Deps
from portal.log.errors import EntryMismatch, EntryRefused, LogBroken, LogConflict
from portal.log.models import AdditionProposal, LogEntryRow, LogSignatureRow
from portal.members.models import Member
from portal.office.models import Office, OfficeKey


def record_of(member: Member) -> MemberRecord:
    """A member as the log names them."""
    return MemberRecord(member.member_id, member.display_name, member.sign_pk, member.box_pk)


def has_log(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(LogEntryRow)))


def entries(session: Session, after: int = 0) -> list[LogEntry]:
    rows = session.scalars(select(LogEntryRow).where(LogEntryRow.seq >= after).order_by(LogEntryRow.seq)).all()
    sigs: dict[int, list[Signature]] = {}
    for s in session.scalars(
        select(LogSignatureRow)
        .where(LogSignatureRow.seq >= after)
        .order_by(LogSignatureRow.seq, LogSignatureRow.position)
    ):
        sigs.setdefault(s.seq, []).append(Signature(s.member_id, s.sig))
    return [LogEntry(r.body, {}, tuple(sigs.get(r.seq, []))) for r in rows]


def head(session: Session) -> tuple[int, bytes | None]:
    """The stored log's length and the hash of its last entry (None while it has none)."""
    last = session.execute(select(LogEntryRow.seq, LogEntryRow.hash).order_by(LogEntryRow.seq.desc()).limit(1)).first()
    return (0, None) if last is None else (int(last[0]) + 1, bytes(last[1]))


_verified: dict[tuple[int, bytes], LogState] = {}  # (length, head) → the state verified for it
_verified_lock = threading.Lock()


def current_state(session: Session) -> LogState | None:
    """The stored log's state, verified once per (length, head) in this process: what the server
    itself goes by (the office key it expects envelopes sealed to), not rows added beside the log."""
    length_now, last = head(session)
    if last is None:
        return None
    key = (length_now, last)
    with _verified_lock:
        state = _verified.get(key)
    if state is None:
        state = load_state(session)
        if state is not None:
            with _verified_lock:
                _verified.clear()  # only the newest is ever asked for again
                _verified[key] = state
    return state


def load_state(session: Session) -> LogState | None:
    """The stored log, verified as a client would (the office's own parameters aside); None if none."""
    stored = entries(session)
    if not stored:
        return None
    try:
        return verify_log([e.to_json() for e in stored], enforce_floor=False)
    except LogError:
        raise LogBroken() from None


def append(
    session: Session, deps: Deps, state: LogState | None, raw: object, signer_id: str, types: Collection[str]
) -> tuple[LogEntry, LogState]:
    """Check ``raw`` as the next entry of ``state`` (the stored log, loaded under the office lock),
    of one of ``types`` and signed by ``signer_id``, and store it; returns it and the new state."""
    try:
        entry = parse_entry(raw)
    except LogError as exc:
        raise EntryRefused(f"The log entry is malformed: {exc}.") from None
    length_now = state.length if state else 0
    if entry.seq != length_now or (state is not None and entry.body["prev"] != b64u_encode(state.head)):
        raise LogConflict()
    if entry.type not in types:
        raise EntryRefused(f"This request takes a log entry of type {' or '.join(sorted(types))}.")
    if signer_id not in {s.by for s in entry.sigs}:
        raise EntryRefused("Sign the log entry yourself.")
    state = state or LogState(enforce_floor=False)
    try:
        state.apply(entry)
    except LogError as exc:
        raise EntryRefused(f"The log entry does not verify: {exc}.") from None
    now = deps.now()
    session.add(LogEntryRow(seq=entry.seq, body=entry.body_bytes, hash=entry.hash, type=entry.type, created_at=now))
    session.flush()
    for position, s in enumerate(entry.sigs):
        session.add(LogSignatureRow(seq=entry.seq, position=position, member_id=s.by, sig=s.sig))
    session.flush()
    return entry, state


# --- What an entry must say about the office's records ------------------------------------


def check_genesis(
    entry: LogEntry, office: Office, members: list[Member], former: list[Member], keys: list[OfficeKey]
) -> None:
    """A genesis records the office as the server holds it: its id, name and parameters, these
    members (current and former) and every key version."""
    b = entry.body
    settings = log_settings(b["settings"])
    same = (
        b["office"] == office.office_id
        and b["name"] == office.name
        and settings.visitor_kdf == office.visitor_kdf
        and settings.member_kdf == office.member_kdf
        and _records(b["members"]) == {record_of(m) for m in members}
        and _records(b["former_members"]) == {record_of(m) for m in former}
        and [key_version(k) for k in b["office_keys"]] == [KeyVersion(k.version, k.box_pk) for k in keys]
    )
    if not same:
        raise EntryMismatch("The genesis must record this office, its current members, former members and keys.")


def check_member_added(entry: LogEntry, member: Member) -> None:
    if member_record(entry.body["member"]) != record_of(member):
        raise EntryMismatch("The entry must add this member, with the keys and name they enrolled with.")


def check_new_key(entry: LogEntry, version: int, box_pk: bytes) -> None:
    if key_version(entry.body["office_key"]) != KeyVersion(version, box_pk):
        raise EntryMismatch("The entry must name the new office key sent with it.")


def log_member_ids(state: LogState) -> set[str]:
    return {m.member_id for m in state.current_members()}


def _records(values: list[object]) -> set[MemberRecord]:
    return {member_record(v) for v in values}


def drop_proposal(session: Session, member_id: str) -> None:
    """A waiting addition goes once the member is added (or proposed again)."""
    session.execute(delete(AdditionProposal).where(AdditionProposal.member_id == member_id))
