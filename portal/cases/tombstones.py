"""Tombstones of destroyed cases: when the office destroys a case, or its retention ends, the
visitor who signs in later with its codename (or whose open page asks again) is told so and on
which day, instead of being left to suspect a typo. A tombstone keeps only a keyed hash of the
visitor's signing key, the reason and the day, for ``retention.tombstone_days``; a case its
visitor destroyed leaves none. docs/confidentiality.md says what one reveals."""

from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal.cases.errors import CaseDestroyed
from portal.cases.models import Case, CaseTombstone
from portal.deps import Deps

DAY = 86400
PURPOSE = "case-tombstone"  # the instance subkey that hashes visitors' keys for tombstones
EXPLAINED = frozenset({"member", "idle", "closed"})  # destruction reasons a tombstone is left for


def tombstone_key(deps: Deps, visitor_sign_pk: bytes) -> bytes:
    return deps.secrets.keyed_hash(PURPOSE, visitor_sign_pk)


def leave_tombstone(session: Session, deps: Deps, case: Case, reason: str) -> bytes | None:
    """Records that ``case`` is being destroyed for ``reason``; returns the tombstone's key, or
    None when the reason leaves no tombstone (the visitor's own choice)."""
    if reason not in EXPLAINED:
        return None
    key = tombstone_key(deps, case.visitor_sign_pk)
    now = deps.now()
    session.merge(CaseTombstone(key=key, reason=reason, destroyed_on=now - now % DAY))
    session.flush()
    return key


def explanation(session: Session, deps: Deps, key: bytes) -> CaseDestroyed | None:
    """The error that tells the visitor what became of their case, or None if there is no tombstone."""
    tombstone = session.get(CaseTombstone, key)
    if tombstone is None:
        return None
    s = deps.settings
    days = s.retention_closed_days if tombstone.reason == "closed" else s.retention_idle_days
    return CaseDestroyed(tombstone.reason, tombstone.destroyed_on, days)


def explain_destroyed(session: Session, deps: Deps, visitor_sign_pk: bytes) -> None:
    """Raises CaseDestroyed if a case of this visitor key was destroyed by the office or by time."""
    found = explanation(session, deps, tombstone_key(deps, visitor_sign_pk))
    if found is not None:
        raise found


def drop_old_tombstones(session: Session, deps: Deps) -> int:
    """Tombstones older than the setting go; returns how many."""
    cutoff = deps.now() - deps.settings.retention_tombstone_days * DAY
    gone = session.execute(delete(CaseTombstone).where(CaseTombstone.destroyed_on <= cutoff))
    return int(gone.rowcount or 0)  # type: ignore[attr-defined]
