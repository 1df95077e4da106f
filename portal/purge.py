"""Destroying what has expired: items, idle and closed cases, spent challenges, ended sessions.

Selection is on indexed expiry columns, so the cost follows what expires, not what is stored.
Items go in batches, each its own short transaction, so a large purge never holds the write
lock for long. Deletes return what they removed, so each item is announced exactly once even
when several processes purge at the same moment. On SQLite, a WAL checkpoint afterwards moves
the zeroed pages (secure_delete) into the database file and empties the WAL, so the destroyed
bytes are gone from disk, not just unlisted. Each domain destroys its own rows; this module
only orders the work."""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from portal.auth.challenges import drop_expired_challenges
from portal.auth.tokens import end_timed_out_sessions
from portal.cases.service import destroy_case, expired_cases
from portal.cases.tombstones import drop_old_tombstones
from portal.deps import Deps
from portal.messages.destruction import ExpiredItem, destroy_expired_batch

# One advisory lock id for the whole cluster: purges take turns instead of racing.
PURGE_LOCK = 0x5077_0C0F
BATCH = 1000


@dataclass
class PurgeReport:
    items: list[ExpiredItem] = field(default_factory=list)
    cases: int = 0
    sockets_to_cut: list[str] = field(default_factory=list)
    skipped: bool = False


OnBatch = Callable[[list[ExpiredItem]], None]


def _lock(session: Session) -> bool:
    """On PostgreSQL, one purge at a time across every process (held by this connection)."""
    if session.get_bind().dialect.name != "postgresql":
        return True  # SQLite serialises writers itself
    return bool(session.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": PURGE_LOCK}))


def _unlock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PURGE_LOCK})
        session.commit()


def _expired_items(session: Session, deps: Deps, on_batch: OnBatch | None) -> list[ExpiredItem]:
    now = deps.now()
    destroyed: list[ExpiredItem] = []
    while True:
        items = destroy_expired_batch(session, now, BATCH)
        session.commit()
        if on_batch and items:
            on_batch(items)
        destroyed += items
        if len(items) < BATCH:
            return destroyed


def _expired_cases(session: Session, deps: Deps, report: PurgeReport) -> None:
    for case in expired_cases(session, deps.now()):
        report.sockets_to_cut += destroy_case(session, deps, case, "closed" if case.status == "closed" else "idle")
        report.cases += 1
    drop_old_tombstones(session, deps)
    session.commit()


def end_sessions(session: Session, deps: Deps) -> list[str]:
    """Deletes sessions that have ended by time (and spent challenges); returns their live
    sockets, to be cut. Cheap (a few rows), idempotent and lock-free, so every process also runs
    it between purges (portal/scheduler.py)."""
    sockets = end_timed_out_sessions(session, deps)
    drop_expired_challenges(session, deps.now())
    session.commit()
    return sockets


def checkpoint(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        session.commit()


def purge_expired(session: Session, deps: Deps, on_batch: OnBatch | None = None) -> PurgeReport:
    """Run one purge. It commits as it goes (a job, not a request): bind ``session`` to one
    connection so the cluster lock taken on it holds for the whole run."""
    report = PurgeReport()
    if not _lock(session):
        report.skipped = True
        return report
    try:
        report.items = _expired_items(session, deps, on_batch)
        _expired_cases(session, deps, report)
        report.sockets_to_cut += end_sessions(session, deps)
    finally:
        _unlock(session)
    if report.items or report.cases:
        checkpoint(session)
    return report
