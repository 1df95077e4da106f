"""Removing a member (PROTOCOL.md section 6). In one transaction: the member can no longer sign
in, its sessions end, its grants are deleted, and the office key is rotated: a new version,
drawn in the remover's browser and granted there to every member who held the current one. The
removed member's copy of the old key then opens nothing sent from now on; the remaining members
keep every old version, so nothing already received becomes unreadable."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from crypto.log_state import LogState
from portal.auth.tokens import revoke_member_tokens
from portal.deps import Deps
from portal.log import service as log
from portal.log.errors import EntryMismatch, EntryRefused, EntryRequired
from portal.members.errors import CannotRemoveSelf, RemoverHoldsNoKey
from portal.members.models import Member
from portal.office.errors import NoSuchMember, WrongKeyHolders
from portal.office.models import OfficeKey
from portal.office.service import (
    check_next_key,
    drop_grants_of,
    holds_grant,
    key_holders,
    lock_office,
    require_current_key,
    rotate_key,
)


@dataclass(frozen=True)
class NewOfficeKey:
    version: int
    box_pk: bytes
    grants: Mapping[str, bytes]  # member_id → the new secret key sealed to that member's box key
    log_entry: object = None  # the member_removed entry, once the office has a log (protocol v2)


@dataclass(frozen=True)
class Removal:
    sockets: list[str]  # the removed member's live sockets, to cut once committed
    office_key: OfficeKey  # the new current version


def remove_member(session: Session, deps: Deps, remover_id: str, member_id: str, new_key: NewOfficeKey) -> Removal:
    lock_office(session)
    current = require_current_key(session)
    if not holds_grant(session, remover_id, current.version):
        raise RemoverHoldsNoKey()
    if member_id == remover_id:
        raise CannotRemoveSelf()
    member = session.get(Member, member_id)
    if member is None or not member.active:
        raise NoSuchMember()
    check_next_key(session, current, new_key.version, new_key.box_pk)
    state = log.load_state(session)
    if state is None:
        if new_key.log_entry is not None:
            raise EntryRefused("The office has no log yet: a member must start it first.")
        remaining = key_holders(session, current.version) - {member_id}
    else:
        remaining = _log_removal(session, deps, state, remover_id, member_id, new_key)
    if set(new_key.grants) != remaining:
        raise WrongKeyHolders()
    member.active = False
    sockets = revoke_member_tokens(session, member_id)
    drop_grants_of(session, member_id)
    key = rotate_key(session, deps, current, new_key.version, new_key.box_pk, new_key.grants)
    return Removal(sockets, key)


def _log_removal(
    session: Session, deps: Deps, state: LogState, remover_id: str, member_id: str, new_key: NewOfficeKey
) -> set[str]:
    """Appends the ``member_removed`` entry; returns the members who remain, by the log."""
    if new_key.log_entry is None:
        raise EntryRequired()
    entry, after = log.append(session, deps, state, new_key.log_entry, remover_id, {"member_removed"})
    if entry.body["member_id"] != member_id:
        raise EntryMismatch("The entry must remove the member this request removes.")
    log.check_new_key(entry, new_key.version, new_key.box_pk)
    return log.log_member_ids(after)
