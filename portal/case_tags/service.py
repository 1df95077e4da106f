"""Case tag records: a member adds one, optionally in place of an older one (the page replaces a
case's current record, so each case keeps one). The server cannot tell which case a record is
about, so the page names the record it replaces; both happen in one transaction or neither."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.case_tags.errors import TagRecordIdInUse, TagRecordNotFound
from portal.case_tags.models import CaseTagRecord
from portal.deps import Deps
from portal.office.sealed import check_office_sealed

TAGS_KIND = "tags"


def list_tag_records(session: Session) -> list[CaseTagRecord]:
    return list(session.scalars(select(CaseTagRecord).order_by(CaseTagRecord.recorded_at, CaseTagRecord.id)))


def add_tag_record(
    session: Session, deps: Deps, member_id: str, raw: object, replaces: str | None = None
) -> CaseTagRecord:
    env = check_office_sealed(session, deps, member_id, raw, TAGS_KIND, "tag record")
    if session.get(CaseTagRecord, env.id) is not None:
        raise TagRecordIdInUse()
    if replaces is not None:
        old = session.get(CaseTagRecord, replaces)
        if old is None:
            raise TagRecordNotFound()
        session.delete(old)
    record = CaseTagRecord(
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
