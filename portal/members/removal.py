"""Removing a member (PROTOCOL.md section 6). In one transaction: the member can no longer sign
in, its sessions end, its grants are deleted, and the office key is rotated: a new version,
drawn in the remover's browser and granted there to every member who held the current one. The
removed member's copy of the old key then opens nothing sent from now on; the remaining members
keep every old version, so nothing already received becomes unreadable."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from portal.auth.tokens import revoke_member_tokens
from portal.deps import Deps
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
    if set(new_key.grants) != key_holders(session, current.version) - {member_id}:
        raise WrongKeyHolders()
    member.active = False
    sockets = revoke_member_tokens(session, member_id)
    drop_grants_of(session, member_id)
    key = rotate_key(session, deps, current, new_key.version, new_key.box_pk, new_key.grants)
    return Removal(sockets, key)
