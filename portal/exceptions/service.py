"""The exceptions register: append-only. A record cannot be edited or deleted through the portal,
so no one member can make a decision to disclose disappear from the office's own account."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.deps import Deps
from portal.exceptions.errors import RecordIdInUse
from portal.exceptions.models import ExceptionRecord
from portal.office.sealed import check_office_sealed

EXCEPTION_KIND = "exception"


def list_exceptions(session: Session) -> list[ExceptionRecord]:
    return list(session.scalars(select(ExceptionRecord).order_by(ExceptionRecord.recorded_at, ExceptionRecord.id)))


def record_exception(session: Session, deps: Deps, member_id: str, raw: object) -> ExceptionRecord:
    env = check_office_sealed(session, deps, member_id, raw, EXCEPTION_KIND, "record of an exception")
    if session.get(ExceptionRecord, env.id) is not None:
        raise RecordIdInUse()
    record = ExceptionRecord(
        id=env.id,
        header=env.header_bytes,
        ciphertext=env.ciphertext,
        sig=env.sig,
        recorded_by=member_id,
        recorded_at=deps.now(),
    )
    session.add(record)
    session.flush()
    return record
