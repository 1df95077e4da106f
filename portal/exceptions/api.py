"""The exceptions register (members only): list, and record one."""

from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.envelope import envelope_json
from portal.exceptions import service as exceptions
from portal.exceptions.models import ExceptionRecord
from portal.web.body import json_body
from portal.web.caller import caller, signed_in
from portal.web.context import deps, transaction

bp = Blueprint("exceptions", __name__, url_prefix="/api/v1")


def record_json(r: ExceptionRecord) -> dict[str, Any]:
    envelope = envelope_json(r.header, r.ciphertext, r.sig)
    return {"id": r.id, "envelope": envelope, "recorded_by": r.recorded_by, "recorded_at": r.recorded_at}


@bp.get("/office/exceptions")
@signed_in("member")
def get_exceptions() -> Response:
    with transaction() as s:
        return jsonify({"items": [record_json(r) for r in exceptions.list_exceptions(s)]})


@bp.post("/office/exceptions")
@signed_in("member")
def post_exception() -> tuple[Response, int]:
    with transaction() as s:
        record = exceptions.record_exception(s, deps(), str(caller().member_id), json_body())
        return jsonify(record_json(record)), 201
