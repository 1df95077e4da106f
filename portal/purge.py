"""Destroying what has expired: items, idle cases, spent challenges and ended sessions.

The work is keyed on indexed expiry columns, so its cost follows what expires, not what is
stored. Deletes return what they removed, so each expired item is announced exactly once even
when several processes purge at the same moment."""

from dataclasses import dataclass, field

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from portal.auth.models import AuthChallenge, PowChallenge, Token
from portal.cases.models import Case
from portal.cases.service import case_token_hashes, destroy_case
from portal.deps import Deps
from portal.messages.models import Message
from portal.realtime.events import sockets_of

# One advisory lock id for the whole cluster: purges take turns instead of racing.
PURGE_LOCK = 0x5077_0C0F


@dataclass(frozen=True)
class ExpiredItem:
    case_id: str
    item_id: str
    office_only: bool


@dataclass
class PurgeReport:
    items: list[ExpiredItem] = field(default_factory=list)
    cases: int = 0
    sockets_to_cut: list[str] = field(default_factory=list)
    skipped: bool = False


def take_purge_lock(session: Session) -> bool:
    """On PostgreSQL, one purge at a time across every process; other engines serialise writes anyway."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": PURGE_LOCK}))


def purge_expired(session: Session, deps: Deps) -> PurgeReport:
    report = PurgeReport()
    if not take_purge_lock(session):
        report.skipped = True
        return report
    now = deps.now()
    rows = session.execute(
        delete(Message).where(Message.expires_at <= now).returning(Message.case_id, Message.id, Message.kind)
    ).all()
    report.items = [ExpiredItem(case_id, item_id, kind == "note") for case_id, item_id, kind in rows]

    for case in session.scalars(select(Case).where(Case.retention_until <= now)).all():
        report.sockets_to_cut += sockets_of(session, case_token_hashes(session, case.case_id))
        destroy_case(session, case)
        report.cases += 1

    idle_before = now - deps.settings.auth_idle_minutes * 60
    ended = (Token.expires_at <= now) | (Token.last_seen_at <= idle_before)
    report.sockets_to_cut += sockets_of(session, list(session.scalars(select(Token.token_hash).where(ended))))
    session.execute(delete(Token).where(ended))
    session.execute(delete(AuthChallenge).where(AuthChallenge.expires_at <= now))
    session.execute(delete(PowChallenge).where(PowChallenge.expires_at <= now))
    return report
