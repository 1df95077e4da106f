"""A case's items: post an envelope, list, open (a recorded view), its views; trace a view code."""

from typing import Any

from flask import Blueprint, Response, jsonify, request

from crypto.envelope import envelope_json
from portal.messages import service as messages
from portal.messages.destruction import for_office_only
from portal.messages.models import Message
from portal.messages.service import Traced
from portal.web.body import InvalidQuery, json_body, query_int
from portal.web.caller import caller, signed_in
from portal.web.context import announcer, deps, transaction
from portal.web.limits import CASE_POSTS, charge_limit

bp = Blueprint("messages", __name__, url_prefix="/api/v1")

CODE_MIN, CODE_MAX = 10, 16  # a view code as typed: ten symbols, perhaps with a dash and spaces


def receipt_json(msg: Message) -> dict[str, Any]:
    return {
        "id": msg.id,
        "received_at": msg.received_at,
        "expires_at": msg.expires_at,
        "flagged": msg.flagged_at is not None,
    }


def flag_asked() -> bool:
    """``?flag=true``: the visitor flags the item they post (the envelope's own form is fixed)."""
    raw = request.args.get("flag")
    if raw is None:
        return False
    if raw != "true":
        raise InvalidQuery("flag must be true, or left out.")
    return True


def listed_json(m: Message) -> dict[str, Any]:
    return {
        "id": m.id,
        "kind": m.kind,
        "from": m.sender_ref,
        "received_at": m.received_at,
        "expires_at": m.expires_at,
        "view_once": m.view_once,
        "size": m.size,
        "spent_at": m.spent_at,  # a view-once item read once: listed without content, as a record
        "flagged": m.flagged_at is not None,  # by its visitor; why is in the sealed payload only
    }


@bp.post("/cases/<case_id>/messages")
@signed_in()
def post_message(case_id: str) -> tuple[Response, int]:
    flag = flag_asked()
    charge_limit(CASE_POSTS, case_id.encode() + b"\0" + caller().ref.encode())
    with transaction() as s:
        posted = messages.post_envelope(s, deps(), caller(), case_id, json_body(), flag=flag)
    msg = posted.message
    if posted.created:
        announcer().message(case_id, msg.id, office_only=for_office_only(msg.kind))
    if posted.flagged:
        announcer().flagged(case_id, msg.id)
    return jsonify(receipt_json(msg)), 201 if posted.created else 200


@bp.post("/cases/<case_id>/messages/<item_id>/flag")
@signed_in("visitor")
def flag_message(case_id: str, item_id: str) -> Response:
    with transaction() as s:
        flagged = messages.flag_item(s, deps(), caller(), case_id, item_id)
    if flagged.flagged:
        announcer().flagged(case_id, item_id)
    return jsonify(listed_json(flagged.message))


@bp.get("/cases/<case_id>/messages")
@signed_in()
def get_messages(case_id: str) -> Response:
    after = query_int("after", 0, 0, 2**62)
    limit = query_int("limit", messages.LIST_LIMIT_DEFAULT, 1, messages.LIST_LIMIT_MAX)
    with transaction() as s:
        listing = messages.list_messages(s, deps(), caller(), case_id, after, limit)
    return jsonify({"items": [listed_json(m) for m in listing.items], "cursor": str(listing.cursor)})


@bp.post("/cases/<case_id>/messages/<item_id>/open")
@signed_in()
def open_message(case_id: str, item_id: str) -> Response:
    with transaction() as s:
        opening = messages.open_item(s, deps(), caller(), case_id, item_id)
    msg, view = opening.message, opening.view
    announcer().viewed(case_id, item_id, view.view_id, office_only=for_office_only(msg.kind))
    return jsonify(
        {
            "envelope": envelope_json(opening.header, opening.ciphertext, opening.sig),
            "view": {"view_id": view.view_id, "code": view.code, "opened_at": view.opened_at},
        }
    )


@bp.get("/cases/<case_id>/messages/<item_id>/views")
@signed_in()
def get_views(case_id: str, item_id: str) -> Response:
    with transaction() as s:
        views = messages.list_views(s, caller(), case_id, item_id)
    return jsonify({"items": [{"view_id": v.view_id, "by": v.by, "opened_at": v.opened_at} for v in views]})


def trace_json(traced: Traced) -> dict[str, Any]:
    view = traced.view
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
            "destroyed": traced.destroyed,
        },
    }


@bp.get("/trace")
@signed_in("member")
def trace() -> Response:
    code = request.args.get("code", "")
    if not CODE_MIN <= len(code) <= CODE_MAX:
        raise InvalidQuery("Give the view code as it appears on the copy, e.g. 7K3QD-M9XTA.")
    with transaction() as s:
        return jsonify(trace_json(messages.trace_view(s, code)))
