"""The destruction log: counts per day and reason, so an office can show it destroys what it
should, without keeping a trace of which case or item it was."""

import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.cases.models import DestructionRecord


def record_destruction(session: Session, now: int, what: str, reason: str, count: int) -> None:
    if count > 0:
        day = time.strftime("%Y-%m-%d", time.gmtime(now))
        session.add(DestructionRecord(day=day, what=what, reason=reason, count=count))


def destruction_summary(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(
        select(
            DestructionRecord.day, DestructionRecord.what, DestructionRecord.reason, func.sum(DestructionRecord.count)
        )
        .group_by(DestructionRecord.day, DestructionRecord.what, DestructionRecord.reason)
        .order_by(DestructionRecord.day.desc(), DestructionRecord.what, DestructionRecord.reason)
    ).all()
    return [{"day": day, "what": what, "reason": reason, "count": int(n)} for day, what, reason, n in rows]
