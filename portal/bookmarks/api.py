"""Bookmarks (docs/protocol/v2.md section 10): a member's own, sealed, per case."""

from flask import Blueprint, Response, jsonify

from crypto.encoding import b64u_encode
from portal.bookmarks import service as bookmarks
from portal.web.body import json_body
from portal.web.caller import caller, signed_in
from portal.web.context import transaction

bp = Blueprint("bookmarks", __name__, url_prefix="/api/v1")


@bp.get("/office/bookmarks")
@signed_in("member")
def get_bookmarks() -> Response:
    with transaction() as s:
        rows = bookmarks.bookmarks_of(s, caller())
        items = [
            {"case_id": b.case_id, "bookmark": {"nonce": b64u_encode(b.nonce), "ciphertext": b64u_encode(b.ciphertext)}}
            for b in rows
        ]
    return jsonify({"items": items})


@bp.put("/cases/<case_id>/bookmark")
@signed_in("member")
def put_bookmark(case_id: str) -> Response:
    with transaction() as s:
        bookmarks.store_bookmark(s, caller(), case_id, json_body().get("bookmark"))
    return jsonify({"stored": True})
