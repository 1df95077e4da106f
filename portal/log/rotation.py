"""Changes to the office made by a log entry alone: starting the log of a v1 office (migration,
docs/protocol/v2.md section 9), a key rotation with no member change, a settings change."""

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from crypto.log import LogEntry, key_version
from portal.deps import Deps
from portal.log import service as log
from portal.log.errors import NotAKeyHolder
from portal.members.models import Member
from portal.office.errors import WrongKeyHolders
from portal.office.models import OfficeKey
from portal.office.service import get_office, holds_grant, key_holders, lock_office, require_current_key, rotate_key

ENTRY_TYPES = frozenset({"genesis", "office_key", "settings"})


def append_entry(
    session: Session, deps: Deps, member_id: str, raw: object, grants: Mapping[str, bytes] | None
) -> LogEntry:
    """Appends a genesis (a v1 office's first), an office key rotation (with ``grants`` for every
    current member) or a settings entry, signed by ``member_id``, who holds the current key."""
    lock_office(session)
    current = require_current_key(session)
    if not holds_grant(session, member_id, current.version):
        raise NotAKeyHolder()
    state = log.load_state(session)
    entry, after = log.append(session, deps, state, raw, member_id, ENTRY_TYPES if state else {"genesis"})
    if entry.type == "genesis":
        _record_office(session, entry)
    elif entry.type == "office_key":
        key = key_version(entry.body["office_key"])
        if grants is None or set(grants) != log.log_member_ids(after):
            raise WrongKeyHolders("Grant the new office key to exactly the members of the office log.")
        rotate_key(session, deps, current, key.version, key.box_pk, grants)
    return entry


def _record_office(session: Session, entry: LogEntry) -> None:
    """The genesis of a v1 office: its current members are those holding the current key."""
    current = require_current_key(session)
    holders = key_holders(session, current.version)
    members = list(session.scalars(select(Member).order_by(Member.created_at)))
    keys = list(session.scalars(select(OfficeKey).order_by(OfficeKey.version)))
    log.check_genesis(
        entry,
        get_office(session),
        [m for m in members if m.member_id in holders],
        [m for m in members if not m.active],
        keys,
    )
