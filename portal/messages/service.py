"""Items of a case: posting a sealed envelope, listing, opening (each opening a recorded view),
the views of an item, and tracing a view code read off a leaked copy."""

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crypto.envelope import Envelope
from crypto.keys import kid
from crypto.viewcode import new_view_code, normalize_view_code
from portal.alerts.service import note_activity
from portal.auth.tokens import Principal
from portal.cases.models import Case
from portal.cases.service import case_for, covenant_accepted, touch
from portal.deps import Deps
from portal.ids import new_id
from portal.members.service import find_member
from portal.messages.checks import Expected, check_envelope
from portal.messages.destruction import OFFICE_ONLY_KIND, spend_viewed_once
from portal.messages.errors import (
    CaseFull,
    CaseTooLarge,
    CovenantRequired,
    FlagNotAllowed,
    IdInUse,
    ItemExpired,
    ItemNotFound,
    ItemSpent,
    NotAMember,
    NotYourItem,
    UnknownViewCode,
)
from portal.messages.models import Message, View
from portal.office.service import require_current_key

CONSENT_REQUEST, CONSENT_ANSWER = "consent-request", "consent-answer"  # docs/protocol/v2.md section 13
VISITOR_KINDS = frozenset({"message", CONSENT_ANSWER})
MEMBER_KINDS = frozenset({"message", "guidance", "note", CONSENT_REQUEST})
# The proof of what a visitor agreed to lasts as long as the case: no lifetime, not view once.
LASTING_KINDS = frozenset({CONSENT_REQUEST, CONSENT_ANSWER})
LIST_LIMIT_DEFAULT = 100
LIST_LIMIT_MAX = 500


@dataclass(frozen=True)
class Posted:
    message: Message
    created: bool  # False: the same envelope again (a retry), answered as the first time
    flagged: bool = False  # flagged by this request (the office is to be alerted)


@dataclass(frozen=True)
class Listing:
    items: list[Message]
    cursor: int


@dataclass(frozen=True)
class Traced:
    view: View
    destroyed: bool  # the item's content is gone (expired, read once, with its case)


@dataclass(frozen=True)
class Opening:
    message: Message
    view: View
    header: bytes  # the envelope as it was opened (a view-once item's row is emptied as it is)
    ciphertext: bytes
    sig: bytes


def _expected(session: Session, principal: Principal, case: Case) -> Expected:
    office = kid(require_current_key(session).box_pk)
    both = frozenset({office, kid(case.visitor_box_pk)})
    if principal.role == "visitor":
        return Expected(
            case.case_id, case.visitor_sign_pk, VISITOR_KINDS, dict.fromkeys(VISITOR_KINDS, both), lasting=LASTING_KINDS
        )
    member = find_member(session, str(principal.member_id))
    if member is None:
        raise NotAMember()
    recipients = dict.fromkeys(MEMBER_KINDS, both) | {OFFICE_ONLY_KIND: frozenset({office})}
    return Expected(case.case_id, member.sign_pk, MEMBER_KINDS, recipients, lasting=LASTING_KINDS)


def _envelope_hash(env: Envelope) -> bytes:
    h = hashlib.sha256()
    for part in (env.header_bytes, env.ciphertext, env.sig):
        h.update(len(part).to_bytes(8, "little") + part)
    return h.digest()


def post_envelope(
    session: Session, deps: Deps, principal: Principal, case_id: str, raw: object, *, flag: bool = False
) -> Posted:
    """Stores a checked envelope; with ``flag`` (its visitor only), flagged for the office's attention."""
    if flag and principal.role != "visitor":
        raise FlagNotAllowed()
    case = case_for(session, principal, case_id, lock=True)
    env = check_envelope(deps, raw, _expected(session, principal, case))
    existing = session.scalar(select(Message).where(Message.id == env.id))
    if existing is not None:
        if existing.case_id == case.case_id and existing.envelope_hash == _envelope_hash(env):
            # A retry whose first try was lost: flagged now if it asks to be and was not then.
            raised = flag and _raise_flag(session, deps, case, existing)
            return Posted(existing, created=False, flagged=raised)
        raise IdInUse()
    if env.header["kind"] not in LASTING_KINDS:  # a consent answer, or its withdrawal, always finds room
        _require_room(session, deps, principal, case.case_id, env.padded_size)
    now = deps.now()
    ttl = env.header["ttl"]
    msg = Message(
        id=env.id,
        item_no=_next_item_no(session, case.case_id),
        case_id=case.case_id,
        kind=env.header["kind"],
        sender_ref=principal.ref,
        header=env.header_bytes,
        ciphertext=env.ciphertext,
        sig=env.sig,
        envelope_hash=_envelope_hash(env),
        received_at=now,
        expires_at=None if ttl is None else now + ttl,
        view_once=env.header["view_once"],
        size=env.padded_size,
    )
    session.add(msg)
    touch(case, deps)
    if flag:
        _raise_flag(session, deps, case, msg)
    elif principal.role == "visitor":
        note_activity(session, deps)  # members who asked are emailed that there is news, no more
    session.flush()
    return Posted(msg, created=True, flagged=flag)


def _next_item_no(session: Session, case_id: str) -> int:
    """The case's next item number, counted in one statement: on PostgreSQL the case row is locked
    already, and on SQLite this write is what takes the database's write lock, so two posts to one
    case never read the same count (and the unique (case_id, item_no) would refuse it if they did)."""
    stmt = (
        update(Case)
        .where(Case.case_id == case_id)
        .values(items_posted=Case.items_posted + 1)
        .returning(Case.items_posted)
        .execution_options(synchronize_session=False)
    )
    return int(session.execute(stmt).scalar_one())


def _require_room(session: Session, deps: Deps, principal: Principal, case_id: str, size: int) -> None:
    """The case's quotas (items not yet expired, and their bytes) leave room for one more of ``size``."""
    live = (Message.expires_at.is_(None)) | (Message.expires_at > deps.now())
    items, stored = session.execute(
        select(func.count(), func.coalesce(func.sum(Message.size), 0)).where(Message.case_id == case_id, live)
    ).one()
    s = deps.settings
    if items >= s.quotas_case_items:
        raise CaseFull(s.quotas_case_items, principal.role)
    if stored + size > s.quotas_case_bytes:
        raise CaseTooLarge(s.quotas_case_bytes, principal.role)


def _raise_flag(session: Session, deps: Deps, case: Case, msg: Message) -> bool:
    """Flags the item and its case (until a member acknowledges) and has every subscribed member
    emailed at once; False if it was flagged already (nothing new to alert anyone of)."""
    if msg.flagged_at is not None:
        return False
    now = deps.now()
    msg.flagged_at = now
    if case.flagged_at is None:
        case.flagged_at = now
    note_activity(session, deps, urgent=True)  # the same content-free email, without waiting for the interval
    return True


def flag_item(session: Session, deps: Deps, principal: Principal, case_id: str, item_id: str) -> Posted:
    """The case's visitor flags an item they sent before (marks it urgent after the fact)."""
    if principal.role != "visitor":
        raise FlagNotAllowed()
    case = case_for(session, principal, case_id, lock=True)
    msg = _item(session, principal, case_id, item_id)
    if msg.sender_ref != "visitor":
        raise NotYourItem()
    if msg.expires_at is not None and msg.expires_at <= deps.now():
        raise ItemExpired()
    if msg.spent_at is not None:
        raise ItemSpent()
    raised = _raise_flag(session, deps, case, msg)
    session.flush()
    return Posted(msg, created=False, flagged=raised)


def _visible(principal: Principal, now: int) -> object:
    live = (Message.expires_at.is_(None)) | (Message.expires_at > now)
    return live & (Message.kind != OFFICE_ONLY_KIND) if principal.role == "visitor" else live


def list_messages(session: Session, deps: Deps, principal: Principal, case_id: str, after: int, limit: int) -> Listing:
    case_for(session, principal, case_id)
    rows = session.scalars(
        select(Message)
        .where(Message.case_id == case_id, Message.item_no > after, _visible(principal, deps.now()))  # type: ignore[arg-type]
        .order_by(Message.item_no)
        .limit(limit)
    ).all()
    # The cursor is an item number of this case: it says nothing of other cases' traffic.
    return Listing(list(rows), rows[-1].item_no if rows else after)


def _item(session: Session, principal: Principal, case_id: str, item_id: str) -> Message:
    msg = session.scalar(select(Message).where(Message.case_id == case_id, Message.id == item_id))
    if msg is None or (principal.role == "visitor" and msg.kind == OFFICE_ONLY_KIND):
        raise ItemNotFound()
    return msg


def open_item(session: Session, deps: Deps, principal: Principal, case_id: str, item_id: str) -> Opening:
    case = case_for(session, principal, case_id)
    msg = _item(session, principal, case_id, item_id)
    now = deps.now()
    if msg.expires_at is not None and msg.expires_at <= now:
        raise ItemExpired()
    if msg.spent_at is not None:
        raise ItemSpent()
    if principal.role == "visitor" and msg.sender_ref != "visitor" and not covenant_accepted(case, deps):
        # Confidentiality both ways: the office's words are shown only once the visitor agreed to keep them.
        raise CovenantRequired()
    view = View(
        view_id=new_id("v_"),
        message_seq=msg.seq,
        case_id=case_id,
        by=principal.ref,
        code=new_view_code(),
        opened_at=now,
        item_id=msg.id,
        item_kind=msg.kind,
        item_from=msg.sender_ref,
        item_received_at=msg.received_at,
    )
    # What is shown, taken before a view-once item is emptied below.
    opening = Opening(msg, view, msg.header, msg.ciphertext, msg.sig)
    if msg.view_once and _other_side(principal, msg) and not spend_viewed_once(msg, session, now):
        # Shown once to its reader, then its content is gone from the server. The reader is the
        # other side: a colleague of the member who sent it may look at it without spending it.
        # Here another open (or the purge) took it first: this one records no view.
        raise ItemExpired() if session.get(Message, msg.seq, populate_existing=True) is None else ItemSpent()
    session.add(view)
    return opening


def _other_side(principal: Principal, msg: Message) -> bool:
    from_visitor = msg.sender_ref == "visitor"
    return from_visitor if principal.role == "member" else not from_visitor


def list_views(session: Session, principal: Principal, case_id: str, item_id: str) -> list[View]:
    case_for(session, principal, case_id)
    msg = _item(session, principal, case_id, item_id)
    return list(session.scalars(select(View).where(View.message_seq == msg.seq).order_by(View.opened_at, View.view_id)))


def trace_view(session: Session, typed: str) -> Traced:
    """Which opening of which item, for a view code read off a leaked copy."""
    code = normalize_view_code(typed)
    view = session.scalar(select(View).where(View.code == code)) if code else None
    if view is None:
        raise UnknownViewCode()
    item = session.get(Message, view.message_seq) if view.message_seq is not None else None
    return Traced(view, destroyed=item is None or item.spent_at is not None)
