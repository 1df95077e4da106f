"""Cases: opening one anonymously, seeing one, listing them for the office, destroying one."""

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crypto.encoding import b64u_encode
from portal.auth.challenges import consume_pow
from portal.auth.models import Token
from portal.auth.tokens import Principal, revoke_case_tokens
from portal.cases.destruction import record_destruction
from portal.cases.models import Case
from portal.deps import Deps
from portal.errors import Conflict, NotFound
from portal.ids import new_id
from portal.messages.models import Message, View
from portal.office.service import current_key

DAY = 86400


class CaseNotFound(NotFound):
    code = "case_not_found"

    def __init__(self) -> None:
        super().__init__("No such case.")


class OfficeNotReady(Conflict):
    code = "office_not_ready"


def open_case(session: Session, deps: Deps, sign_pk: bytes, box_pk: bytes, pow_challenge: bytes, nonce: int) -> Case:
    if current_key(session) is None:
        raise OfficeNotReady("The office is not ready to receive cases yet. Please try again later.")
    consume_pow(session, deps, pow_challenge, nonce)
    now = deps.now()
    case = Case(
        case_id=new_id("c_"),
        visitor_sign_pk=sign_pk,
        visitor_box_pk=box_pk,
        status="open",
        created_at=now,
        last_activity_at=now,
        retention_until=now + deps.settings.retention_idle_days * DAY,
    )
    session.add(case)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("A case with this key exists already. Sign in instead.", "case_exists") from None
    return case


def case_for(session: Session, principal: Principal, case_id: str, *, lock: bool = False) -> Case:
    """The case if this caller may see it; otherwise the same 404 as for a case that does not exist."""
    if principal.role == "visitor" and principal.case_id != case_id:
        raise CaseNotFound()
    query = select(Case).where(Case.case_id == case_id)
    case = session.scalar(query.with_for_update() if lock else query)
    if case is None:
        raise CaseNotFound()
    return case


def touch(case: Case, deps: Deps) -> None:
    """New activity: the idle clock restarts, and a closed case opens again."""
    now = deps.now()
    case.last_activity_at = now
    case.retention_until = now + deps.settings.retention_idle_days * DAY
    case.status, case.closed_at = "open", None


def close_case(case: Case, deps: Deps) -> None:
    now = deps.now()
    case.status, case.closed_at = "closed", now
    case.retention_until = now + deps.settings.retention_closed_days * DAY


def accept_covenant(case: Case, deps: Deps, version: int) -> None:
    if version != deps.settings.covenant_version:
        raise Conflict("That is not the current confidentiality statement. Reload and read it again.", "stale_covenant")
    case.covenant_version, case.covenant_accepted_at = version, deps.now()


def case_json(case: Case, deps: Deps) -> dict[str, Any]:
    return {
        "case_id": case.case_id,
        "visitor_sign_pk": b64u_encode(case.visitor_sign_pk),
        "visitor_box_pk": b64u_encode(case.visitor_box_pk),
        "status": case.status,
        "created_at": case.created_at,
        "last_activity_at": case.last_activity_at,
        "retention_until": case.retention_until,
        "closed_at": case.closed_at,
        "covenant": {
            "current_version": deps.settings.covenant_version,
            "accepted_version": case.covenant_version,
            "accepted_at": case.covenant_accepted_at,
        },
    }


def list_cases(session: Session, deps: Deps) -> list[dict[str, Any]]:
    now = deps.now()
    live = (Message.expires_at.is_(None)) | (Message.expires_at > now)
    rows = session.execute(select(Message.case_id, func.count()).where(live).group_by(Message.case_id)).all()
    counts: dict[str, int] = dict(rows)
    cases = session.scalars(select(Case).order_by(Case.last_activity_at.desc(), Case.case_id))
    return [{**case_json(c, deps), "items": counts.get(c.case_id, 0)} for c in cases]


def case_token_hashes(session: Session, case_id: str) -> list[bytes]:
    return list(session.scalars(select(Token.token_hash).where(Token.case_id == case_id)))


def destroy_case(session: Session, deps: Deps, case: Case, reason: str) -> None:
    # Delete explicitly rather than trust every engine's cascade: nothing of the case may remain.
    revoke_case_tokens(session, case.case_id)
    session.execute(delete(View).where(View.case_id == case.case_id))
    items = session.execute(delete(Message).where(Message.case_id == case.case_id)).rowcount  # type: ignore[attr-defined]
    session.delete(case)
    record_destruction(session, deps.now(), "case", reason, 1)
    record_destruction(session, deps.now(), "item", "with_case", int(items or 0))
