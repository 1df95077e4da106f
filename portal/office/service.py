"""The office: creation, its public description, its key versions and the grants of each."""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crypto.keys import KdfParams
from portal.deps import Deps
from portal.log import service as log
from portal.log.errors import EntryRefused, EntryRequired
from portal.members.models import Member
from portal.office.errors import (
    AlreadyGranted,
    AwaitingGrant,
    GrantNotReported,
    KeyReused,
    NoGrantToPass,
    NoGrantToReport,
    NoOffice,
    NoSuchMember,
    OfficeExists,
    OfficeNotReady,
    StaleKeyVersion,
)
from portal.office.models import Grant, Office, OfficeKey

NEUTRAL_NAME = "Ombuds office"


@dataclass(frozen=True)
class GrantedKey:
    """One office key version as a member holds it: its public key and the member's grant."""

    version: int
    box_pk: bytes
    grant: bytes


def create_office(session: Session, deps: Deps, name: str, visitor_kdf: KdfParams, member_kdf: KdfParams) -> Office:
    if session.scalar(select(func.count()).select_from(Office)):
        raise OfficeExists()
    office = Office(
        office_id="office-" + secrets.token_hex(4),
        name=name,
        visitor_kdf_ops=visitor_kdf.ops,
        visitor_kdf_mem=visitor_kdf.mem,
        member_kdf_ops=member_kdf.ops,
        member_kdf_mem=member_kdf.mem,
        created_at=deps.now(),
    )
    session.add(office)
    return office


def find_office(session: Session) -> Office | None:
    return session.scalar(select(Office))


def office_name(session: Session) -> str:
    """The office's name for page headers; a neutral one before the office exists."""
    office = find_office(session)
    return office.name if office else NEUTRAL_NAME


def get_office(session: Session) -> Office:
    office = find_office(session)
    if office is None:
        raise NoOffice()
    return office


def current_key(session: Session) -> OfficeKey | None:
    """The office key now: once the office has a signed log, the version it names (a row added
    beside the log is not the office's); before, the newest version."""
    state = log.current_state(session)
    if state is None:
        return session.scalar(select(OfficeKey).order_by(OfficeKey.version.desc()).limit(1))
    key = session.get(OfficeKey, state.current_key.version)
    return key if key is not None and key.box_pk == state.current_key.box_pk else None


def require_current_key(session: Session) -> OfficeKey:
    key = current_key(session)
    if key is None:
        raise OfficeNotReady()
    return key


def members_in_order(session: Session) -> list[Member]:
    return list(session.scalars(select(Member).order_by(Member.created_at, Member.member_id)))


def create_first_key(session: Session, deps: Deps, box_pk: bytes, member_id: str, grant: bytes) -> OfficeKey:
    """Version 1, drawn in the first member's browser and granted to that member."""
    now = deps.now()
    key = OfficeKey(version=1, box_pk=box_pk, created_at=now)
    session.add(key)
    session.flush()
    session.add(Grant(member_id=member_id, version=1, grant=grant, created_at=now))
    return key


def pending_members(session: Session) -> list[Member]:
    """Active members who hold no grant for the current key version, or one they reported unopenable."""
    key = current_key(session)
    granted = select(Grant.member_id).where(
        Grant.version == (key.version if key else -1), Grant.unopenable_at.is_(None)
    )
    return list(
        session.scalars(
            select(Member).where(Member.active.is_(True), Member.member_id.not_in(granted)).order_by(Member.created_at)
        )
    )


def key_holders(session: Session, version: int) -> set[str]:
    """Active members holding this office key version."""
    rows = session.scalars(
        select(Grant.member_id).join(Member).where(Grant.version == version, Member.active.is_(True))
    )
    return set(rows)


def holds_grant(session: Session, member_id: str, version: int) -> bool:
    """A grant its member did not report unopenable: one reported counts as none (they hold no key)."""
    grant = session.get(Grant, (member_id, version))
    return grant is not None and grant.unopenable_at is None


def unopenable_versions(session: Session, member_id: str) -> set[int]:
    """The key versions whose grant to this member they reported as not opening."""
    rows = session.scalars(select(Grant.version).where(Grant.member_id == member_id, Grant.unopenable_at.is_not(None)))
    return set(rows)


def require_key_holder(session: Session, member_id: str) -> None:
    """A member who holds no grant of the current key could read nothing anyway; they are shown
    nothing either, not even which cases exist and when they moved."""
    key = current_key(session)
    if key is None or not holds_grant(session, member_id, key.version):
        raise AwaitingGrant()


def grants_of(session: Session, member_id: str) -> list[GrantedKey]:
    rows = session.execute(
        select(Grant, OfficeKey).join(OfficeKey, OfficeKey.version == Grant.version).where(Grant.member_id == member_id)
    ).all()
    return [GrantedKey(key.version, key.box_pk, grant.grant) for grant, key in sorted(rows, key=lambda r: r[1].version)]


def add_grant(
    session: Session, deps: Deps, granter_id: str, member_id: str, version: int, grant: bytes, log_entry: object = None
) -> None:
    """A holder passes the office key on; once the office has a log, in the same step as the
    ``member_added`` entry that makes the newcomer a member for every client."""
    lock_office(session)
    if not holds_grant(session, granter_id, version):
        raise NoGrantToPass()
    member = session.get(Member, member_id)
    if member is None or not member.active:
        raise NoSuchMember()
    if session.get(Grant, (member_id, version)) is not None:
        raise AlreadyGranted()  # (one reported unopenable is replaced with replace_grant, no new entry)
    state = log.load_state(session)
    if state is not None:
        if log_entry is None:
            raise EntryRequired()
        if version != state.current_key.version:
            raise StaleKeyVersion()
        entry, _ = log.append(session, deps, state, log_entry, granter_id, {"member_added"})
        log.check_member_added(entry, member)
        log.drop_proposal(session, member_id)  # (made now)
    elif log_entry is not None:
        raise EntryRefused("The office has no log yet: a member must start it first.")
    session.add(Grant(member_id=member_id, version=version, grant=grant, created_at=deps.now()))
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyGranted() from None


def report_unopenable(session: Session, deps: Deps, member_id: str, version: int) -> None:
    """The member says their grant of ``version`` does not open (random bytes, or sealed to another
    key): the server cannot check it, and only its recipient can tell. Saying it again changes nothing."""
    grant = session.get(Grant, (member_id, version))
    if grant is None:
        raise NoGrantToReport()
    if grant.unopenable_at is None:
        grant.unopenable_at = deps.now()
        session.flush()


def replace_grant(session: Session, deps: Deps, granter_id: str, member_id: str, version: int, grant: bytes) -> None:
    """A holder grants ``version`` again to a member whose grant of it does not open.

    Only a grant its recipient reported unopenable may be replaced, by any other member holding
    that version: the recipient is the only one who can tell a bad grant, and a grant that opens is
    never taken from them (else any colleague could swap a working grant for junk at will). The
    member stays in the log as they are: no new entry. One conditional UPDATE decides, so that of
    two colleagues granting again at once the first replaces it and the second is told it was not
    reported (409), and a report made meanwhile is never lost half-way."""
    lock_office(session)
    if granter_id == member_id or not holds_grant(session, granter_id, version):
        raise NoGrantToPass()
    member = session.get(Member, member_id)
    if member is None or not member.active:
        raise NoSuchMember()
    replaced = session.execute(
        update(Grant)
        .where(Grant.member_id == member_id, Grant.version == version, Grant.unopenable_at.is_not(None))
        .values(grant=grant, unopenable_at=None, created_at=deps.now())
        .execution_options(synchronize_session="fetch")
    )
    if replaced.rowcount != 1:  # type: ignore[attr-defined]
        raise GrantNotReported()


def check_next_key(session: Session, current: OfficeKey, version: int, box_pk: bytes) -> None:
    """A new key version must follow the current one and be freshly drawn."""
    if version != current.version + 1:
        raise StaleKeyVersion()
    if session.scalar(select(OfficeKey.version).where(OfficeKey.box_pk == box_pk)) is not None:
        raise KeyReused()


def rotate_key(
    session: Session, deps: Deps, current: OfficeKey, version: int, box_pk: bytes, grants: Mapping[str, bytes]
) -> OfficeKey:
    """The next key version, granted to exactly ``grants``' members (checked by the caller)."""
    check_next_key(session, current, version, box_pk)
    now = deps.now()
    key = OfficeKey(version=version, box_pk=box_pk, created_at=now)
    session.add(key)
    try:
        session.flush()  # the version first: the grants refer to it
    except IntegrityError:
        raise StaleKeyVersion() from None
    for holder, grant in sorted(grants.items()):
        session.add(Grant(member_id=holder, version=version, grant=grant, created_at=now))
    session.flush()
    return key


def drop_grants_of(session: Session, member_id: str) -> None:
    session.execute(delete(Grant).where(Grant.member_id == member_id))


def lock_office(session: Session) -> None:
    """One key change at a time (PostgreSQL; SQLite locks on write)."""
    session.scalar(select(Office).with_for_update())


@dataclass(frozen=True)
class OfficeDescription:
    office: Office
    keys: list[OfficeKey]  # every version, oldest first
    members: list[Member]

    @property
    def key(self) -> OfficeKey | None:
        return self.keys[-1] if self.keys else None


def describe_office(session: Session) -> OfficeDescription:
    keys = list(session.scalars(select(OfficeKey).order_by(OfficeKey.version)))
    return OfficeDescription(get_office(session), keys, members_in_order(session))
