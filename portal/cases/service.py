"""Cases: opening one anonymously, seeing one, listing them for the office, closing, destroying."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.auth.challenges import consume_pow
from portal.auth.tokens import Principal, end_case_tokens, revoke_case_tokens
from portal.bookmarks.destruction import destroy_bookmarks_of_case
from portal.cases.destruction import record_destruction
from portal.cases.errors import CaseExists, CaseNotFound, NoSuchAssignee, StaleCovenant
from portal.cases.models import Case
from portal.cases.tombstones import leave_tombstone
from portal.deps import Deps
from portal.ids import new_id
from portal.members.service import is_active_member
from portal.messages.destruction import destroy_items_of_case, live_item_counts
from portal.messages.tally import seqs_from_others
from portal.office.service import require_current_key, require_key_holder
from portal.pins.destruction import destroy_pins_of_case

DAY = 86400


@dataclass(frozen=True)
class CaseSummary:
    case: Case
    items: int  # live items, for the inbox
    from_others: list[int]  # seqs of live items the reader did not send, newest first


def spend_puzzle(session: Session, deps: Deps, pow_challenge: bytes, nonce: int) -> None:
    """The visitor's solved proof of work, spent; a wrong or unknown one is refused and changes nothing."""
    require_current_key(session)
    consume_pow(session, deps, pow_challenge, nonce)


def open_case(session: Session, deps: Deps, sign_pk: bytes, box_pk: bytes) -> Case:
    """A new case, once its visitor's puzzle is spent (``spend_puzzle``)."""
    require_current_key(session)
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
        raise CaseExists() from None
    return case


def find_case_by_visitor(session: Session, sign_pk: bytes) -> Case | None:
    return session.scalar(select(Case).where(Case.visitor_sign_pk == sign_pk))


def case_for(session: Session, principal: Principal, case_id: str, *, lock: bool = False) -> Case:
    """The case if this caller may see it; otherwise the same error as for a case that does not exist."""
    if principal.role == "visitor" and principal.case_id != case_id:
        raise CaseNotFound()
    if principal.role == "member":
        require_key_holder(session, str(principal.member_id))
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


def close_case(session: Session, deps: Deps, principal: Principal, case_id: str) -> Case:
    case = case_for(session, principal, case_id, lock=True)
    now = deps.now()
    case.status, case.closed_at = "closed", now
    case.retention_until = now + deps.settings.retention_closed_days * DAY
    return case


def reopen_case(session: Session, deps: Deps, principal: Principal, case_id: str) -> Case:
    """A closed case opens again, its idle clock restarted; an open case stays as it is."""
    case = case_for(session, principal, case_id, lock=True)
    if case.status == "closed":
        case.status, case.closed_at = "open", None
        case.retention_until = deps.now() + deps.settings.retention_idle_days * DAY
    return case


def mark_urgent(session: Session, principal: Principal, case_id: str, urgent: bool) -> Case:
    case = case_for(session, principal, case_id, lock=True)
    case.urgent = urgent
    return case


def acknowledge_flags(session: Session, principal: Principal, case_id: str) -> Case:
    """A member has seen that the visitor flagged the case: it no longer counts as flagged (its
    items stay flagged, so the thread still says which ones were)."""
    case = case_for(session, principal, case_id, lock=True)
    case.flagged_at = None
    return case


def assign_case(session: Session, principal: Principal, case_id: str, member_id: str | None) -> Case:
    """The member who follows the case (a member takes it, or hands it to a colleague), or nobody."""
    case = case_for(session, principal, case_id, lock=True)
    if member_id is not None and not is_active_member(session, member_id):
        raise NoSuchAssignee()
    case.assignee_id = member_id
    return case


def accept_covenant(session: Session, deps: Deps, principal: Principal, case_id: str, version: int) -> Case:
    case = case_for(session, principal, case_id, lock=True)
    if version != deps.settings.covenant_version:
        raise StaleCovenant()
    case.covenant_version, case.covenant_accepted_at = version, deps.now()
    return case


def covenant_accepted(case: Case, deps: Deps) -> bool:
    return case.covenant_version == deps.settings.covenant_version


def list_cases(session: Session, deps: Deps, principal: Principal) -> list[CaseSummary]:
    require_key_holder(session, str(principal.member_id))
    counts = live_item_counts(session, deps.now())
    others = seqs_from_others(session, deps.now(), principal.ref)
    cases = session.scalars(select(Case).order_by(Case.last_activity_at.desc(), Case.case_id))
    return [CaseSummary(c, counts.get(c.case_id, 0), others.get(c.case_id, [])) for c in cases]


def destroy_case(session: Session, deps: Deps, case: Case, reason: str) -> list[str]:
    """Everything of the case goes now; returns its sessions' live sockets, to cut once committed."""
    # Delete explicitly rather than trust every engine's cascade: nothing of the case may remain
    # but, when the office or time ended it, a tombstone its visitor's next request is told of.
    tombstone = leave_tombstone(session, deps, case, reason)
    if tombstone is None:
        sockets = revoke_case_tokens(session, case.case_id)
    else:
        sockets = end_case_tokens(session, case.case_id, tombstone)
    items = destroy_items_of_case(session, case.case_id)
    destroy_pins_of_case(session, case.case_id)
    destroy_bookmarks_of_case(session, case.case_id)
    session.delete(case)
    record_destruction(session, deps.now(), "case", reason, 1)
    record_destruction(session, deps.now(), "item", "with_case", items)
    return sockets


def destroy_case_for(session: Session, deps: Deps, principal: Principal, case_id: str) -> list[str]:
    """The caller destroys a case it may see (a visitor its own, a member any)."""
    return destroy_case(session, deps, case_for(session, principal, case_id, lock=True), principal.role)


def expired_cases(session: Session, now: int) -> list[Case]:
    return list(session.scalars(select(Case).where(Case.retention_until <= now)))
