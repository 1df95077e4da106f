"""Destroying what has expired: items, idle cases, spent challenges and ended sessions."""

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.auth.models import AuthChallenge, PowChallenge, Token
from portal.cases.models import Case
from portal.cases.service import destroy_case
from portal.deps import Deps
from portal.messages.models import Message


@dataclass(frozen=True)
class PurgeReport:
    items: int
    cases: int


def purge_expired(session: Session, deps: Deps) -> PurgeReport:
    now = deps.now()
    idle_before = now - deps.settings.auth_idle_minutes * 60
    items = session.execute(delete(Message).where(Message.expires_at <= now)).rowcount  # type: ignore[attr-defined]
    cases = session.scalars(select(Case).where(Case.retention_until <= now)).all()
    for case in cases:
        destroy_case(session, case)
    session.execute(delete(AuthChallenge).where(AuthChallenge.expires_at <= now))
    session.execute(delete(PowChallenge).where(PowChallenge.expires_at <= now))
    session.execute(delete(Token).where((Token.expires_at <= now) | (Token.last_seen_at <= idle_before)))
    return PurgeReport(items=int(items or 0), cases=len(cases))
