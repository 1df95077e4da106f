"""Messages: the server-side checks of PROTOCOL.md section 8, storing, listing, opening, views."""

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crypto.encoding import b64u_encode
from crypto.envelope import Envelope, is_padded_length, parse_envelope, verify_envelope
from crypto.errors import DecodeError, SignatureError, VersionError
from crypto.keys import kid
from portal.auth.tokens import Principal
from portal.cases.destruction import record_destruction
from portal.cases.models import Case
from portal.cases.service import case_for, touch
from portal.deps import Deps
from portal.errors import BadInput, Conflict, Forbidden, Gone, NotFound, TooLarge
from portal.ids import new_id, new_view_code
from portal.members.models import Member
from portal.messages.models import Message, View
from portal.office.service import current_key

VISITOR_KINDS = frozenset({"message"})
MEMBER_KINDS = frozenset({"message", "guidance", "note"})
OFFICE_ONLY_KIND = "note"
LIST_LIMIT_DEFAULT = 100
LIST_LIMIT_MAX = 500


@dataclass(frozen=True)
class Receipt:
    body: dict[str, Any]
    created: bool
    office_only: bool


@dataclass(frozen=True)
class Opening:
    body: dict[str, Any]
    view_id: str
    office_only: bool


def _reject(message: str, code: str = "invalid_envelope") -> BadInput:
    return BadInput(message, code)


def _sender_key(session: Session, principal: Principal, case: Case) -> bytes:
    if principal.role == "visitor":
        return case.visitor_sign_pk
    member = session.get(Member, principal.member_id)
    if member is None:
        raise Forbidden("Only current members may write.", "not_a_member")
    return member.sign_pk


def check_envelope(session: Session, deps: Deps, principal: Principal, case: Case, raw: Any) -> Envelope:
    """Every check the server makes before storing; raises a 4xx domain error on the first failure."""
    s = deps.settings
    try:
        env = parse_envelope(raw)
    except VersionError:
        raise _reject("This protocol version is not supported.", "unsupported_version") from None
    except DecodeError as exc:
        raise _reject(f"The envelope is malformed: {exc}.") from None
    if len(env.header_bytes) > s.messages_max_header_bytes:
        raise TooLarge("The envelope header is too large.")
    if env.header["case"] != case.case_id:
        raise _reject("The envelope belongs to another case.", "wrong_case")
    if env.sender != _sender_key(session, principal, case):
        raise _reject("The envelope is not signed by you.", "wrong_sender")
    try:
        verify_envelope(env)
    except SignatureError:
        raise _reject("The envelope signature does not verify.", "bad_signature") from None
    if abs(env.header["sent_at"] - deps.now()) > s.auth_clock_skew_seconds:
        raise _reject("The envelope's time is too far from the server's. Check your device's clock.", "clock_skew")
    ttl = env.header["ttl"]
    if ttl is not None and not s.messages_ttl_min_seconds <= ttl <= s.messages_ttl_max_seconds:
        raise _reject("The lifetime is outside the office's limits.", "ttl_out_of_range")
    kinds = VISITOR_KINDS if principal.role == "visitor" else MEMBER_KINDS
    if env.header["kind"] not in kinds:
        raise _reject("You may not send items of this kind.", "kind_not_allowed")
    _check_recipients(session, case, env)
    if env.padded_size > s.messages_max_padded_bytes:
        raise TooLarge("The message is too large.")
    if not is_padded_length(env.padded_size):
        raise _reject("The message is not padded as the protocol requires.", "bad_padding")
    return env


def _check_recipients(session: Session, case: Case, env: Envelope) -> None:
    key = current_key(session)
    if key is None:
        raise Conflict("The office has no key yet.", "office_not_ready")
    kids = env.recipient_kids
    if len(set(kids)) != len(kids):
        raise _reject("A recipient is named twice.", "bad_recipients")
    wanted = (
        {kid(key.box_pk)} if env.header["kind"] == OFFICE_ONLY_KIND else {kid(key.box_pk), kid(case.visitor_box_pk)}
    )
    if set(kids) != wanted:
        raise _reject("The recipients must be the office key and the case's visitor.", "bad_recipients")


def _envelope_hash(env: Envelope) -> bytes:
    h = hashlib.sha256()
    for part in (env.header_bytes, env.ciphertext, env.sig):
        h.update(len(part).to_bytes(8, "little") + part)
    return h.digest()


def _receipt(msg: Message) -> dict[str, Any]:
    return {"id": msg.id, "received_at": msg.received_at, "expires_at": msg.expires_at}


def post_envelope(session: Session, deps: Deps, principal: Principal, case_id: str, raw: Any) -> Receipt:
    case = case_for(session, principal, case_id, lock=True)
    env = check_envelope(session, deps, principal, case, raw)
    existing = session.scalar(select(Message).where(Message.id == env.id))
    if existing is not None:
        if existing.case_id == case.case_id and existing.envelope_hash == _envelope_hash(env):
            return Receipt(_receipt(existing), created=False, office_only=existing.kind == OFFICE_ONLY_KIND)
        raise Conflict("An item with this id exists already.", "id_in_use")
    now = deps.now()
    ttl = env.header["ttl"]
    msg = Message(
        id=env.id,
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
    session.flush()
    return Receipt(_receipt(msg), created=True, office_only=msg.kind == OFFICE_ONLY_KIND)


def _visible(principal: Principal, now: int) -> Any:
    live = (Message.expires_at.is_(None)) | (Message.expires_at > now)
    return live & (Message.kind != OFFICE_ONLY_KIND) if principal.role == "visitor" else live


def list_messages(
    session: Session, deps: Deps, principal: Principal, case_id: str, after: int, limit: int
) -> dict[str, Any]:
    case_for(session, principal, case_id)
    rows = session.scalars(
        select(Message)
        .where(Message.case_id == case_id, Message.seq > after, _visible(principal, deps.now()))
        .order_by(Message.seq)
        .limit(limit)
    ).all()
    items = [
        {
            "id": m.id,
            "kind": m.kind,
            "from": m.sender_ref,
            "received_at": m.received_at,
            "expires_at": m.expires_at,
            "view_once": m.view_once,
            "size": m.size,
        }
        for m in rows
    ]
    return {"items": items, "cursor": str(rows[-1].seq if rows else after)}


def _item(session: Session, principal: Principal, case_id: str, item_id: str) -> Message:
    msg = session.scalar(select(Message).where(Message.case_id == case_id, Message.id == item_id))
    if msg is None or (principal.role == "visitor" and msg.kind == OFFICE_ONLY_KIND):
        raise NotFound("No such item.", "item_not_found")
    return msg


class CovenantRequired(Forbidden):
    code = "covenant_required"


def open_item(session: Session, deps: Deps, principal: Principal, case_id: str, item_id: str) -> Opening:
    case = case_for(session, principal, case_id)
    msg = _item(session, principal, case_id, item_id)
    now = deps.now()
    if msg.expires_at is not None and msg.expires_at <= now:
        raise Gone("This item has expired and is destroyed.", "expired")
    covenant_missing = case.covenant_version != deps.settings.covenant_version
    if principal.role == "visitor" and msg.sender_ref != "visitor" and covenant_missing:
        # Confidentiality both ways: the office's words are shown only once the visitor agreed to keep them.
        raise CovenantRequired("Please read and accept the confidentiality statement first.")
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
    session.add(view)
    envelope = {
        "header": b64u_encode(msg.header),
        "ciphertext": b64u_encode(msg.ciphertext),
        "sig": b64u_encode(msg.sig),
    }
    if msg.view_once and _other_side(principal, msg):
        # Shown once to its reader, then gone from the server. The reader is the other side: a
        # colleague of the member who sent it may look at it without spending the visitor's view.
        session.execute(delete(Message).where(Message.seq == msg.seq))
        record_destruction(session, now, "item", "view_once", 1)
    body = {"envelope": envelope, "view": {"view_id": view.view_id, "code": view.code, "opened_at": now}}
    return Opening(body, view.view_id, office_only=msg.kind == OFFICE_ONLY_KIND)


def _other_side(principal: Principal, msg: Message) -> bool:
    from_visitor = msg.sender_ref == "visitor"
    return from_visitor if principal.role == "member" else not from_visitor


def list_views(session: Session, deps: Deps, principal: Principal, case_id: str, item_id: str) -> dict[str, Any]:
    case_for(session, principal, case_id)
    msg = _item(session, principal, case_id, item_id)
    views = session.scalars(select(View).where(View.message_seq == msg.seq).order_by(View.opened_at, View.view_id))
    return {"items": [{"view_id": v.view_id, "by": v.by, "opened_at": v.opened_at} for v in views]}


def trace_view(session: Session, code: str) -> dict[str, Any]:
    """Which item, which case, who and when, for a view code read off a leaked copy."""
    normalized = code.strip().upper().replace(" ", "")
    if len(normalized) == 10:
        normalized = f"{normalized[:5]}-{normalized[5:]}"
    view = session.scalar(select(View).where(View.code == normalized))
    if view is None:
        raise NotFound("No view has this code (or its case has been destroyed since).", "unknown_code")
    return {
        "code": view.code,
        "view_id": view.view_id,
        "by": view.by,
        "opened_at": view.opened_at,
        "case_id": view.case_id,
        "item": {
            "id": view.item_id,
            "kind": view.item_kind,
            "from": view.item_from,
            "received_at": view.item_received_at,
            "destroyed": view.message_seq is None,
        },
    }
