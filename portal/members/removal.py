"""Removing a member (PROTOCOL.md section 6). In one transaction: the member can no longer sign
in, its sessions end, its grants are deleted, and the office key is rotated: a new version,
drawn in the remover's browser and granted there to every member who held the current one. The
removed member's copy of the old key then opens nothing sent from now on; the remaining members
keep every old version, so nothing already received becomes unreadable."""

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.auth.tokens import member_token_hashes, revoke_member_tokens
from portal.deps import Deps
from portal.errors import BadInput, Conflict, Forbidden, NotFound
from portal.members.models import Member
from portal.office.models import Grant, Office, OfficeKey
from portal.office.service import current_key
from portal.realtime.events import sockets_of


@dataclass(frozen=True)
class NewOfficeKey:
    version: int
    box_pk: bytes
    grants: dict[str, str]  # member_id → the new secret key sealed to that member's box key


@dataclass(frozen=True)
class Removal:
    sockets: list[str]  # the removed member's live sockets, to cut once committed
    office_key: OfficeKey  # the new current version


STALE = "The office key changed meanwhile (someone else removed a member). Reload and try again."


def key_holders(session: Session, version: int) -> set[str]:
    """Active members holding this office key version."""
    rows = session.scalars(
        select(Grant.member_id).join(Member).where(Grant.version == version, Member.active.is_(True))
    )
    return set(rows)


def remove_member(session: Session, deps: Deps, remover_id: str, member_id: str, new_key: NewOfficeKey) -> Removal:
    session.scalar(select(Office).with_for_update())  # one removal at a time (PostgreSQL; SQLite locks on write)
    current = current_key(session)
    if current is None:
        raise Conflict("The office has no key yet.", "office_not_ready")
    if session.get(Grant, (remover_id, current.version)) is None:
        raise Forbidden("Only a member holding the current office key can remove a member.", "no_grant")
    if member_id == remover_id:
        raise BadInput("You cannot remove yourself; ask a colleague to do it.", "cannot_remove_self")
    member = session.get(Member, member_id)
    if member is None or not member.active:
        raise NotFound("No such member.", "no_member")
    if new_key.version != current.version + 1:
        raise Conflict(STALE, "stale_key_version")
    if session.scalar(select(OfficeKey.version).where(OfficeKey.box_pk == new_key.box_pk)) is not None:
        raise BadInput("The new office key must be freshly drawn.", "key_reused")
    remaining = key_holders(session, current.version) - {member_id}
    if set(new_key.grants) != remaining:
        raise BadInput(
            "Grant the new office key to exactly the members who hold the current one, except the one removed.",
            "bad_grants",
        )
    member.active = False
    sockets = sockets_of(session, member_token_hashes(session, member_id))  # (taken before the tokens go)
    revoke_member_tokens(session, member_id)
    session.execute(delete(Grant).where(Grant.member_id == member_id))
    now = deps.now()
    key = OfficeKey(version=new_key.version, box_pk=new_key.box_pk, created_at=now)
    session.add(key)
    try:
        session.flush()  # the version first: the grants refer to it
    except IntegrityError:
        raise Conflict(STALE, "stale_key_version") from None
    for holder, grant in sorted(new_key.grants.items()):
        session.add(Grant(member_id=holder, version=new_key.version, grant=grant, created_at=now))
    session.flush()
    return Removal(sockets, key)
