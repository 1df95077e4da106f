"""Case tag records (members only): list them all, add one (perhaps replacing an older one)."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.envelope import envelope_json
from portal.case_tags import service as case_tags
from portal.case_tags.models import CaseTagRecord
from portal.web.body import Body, InvalidField, parsed
from portal.web.caller import caller, signed_in
from portal.web.context import deps, transaction

bp = Blueprint("case_tags", __name__, url_prefix="/api/v1")

RECORD_ID_MAX = 32


def record_json(r: CaseTagRecord) -> dict[str, Any]:
    envelope = envelope_json(r.header, r.ciphertext, r.sig)
    return {"id": r.id, "envelope": envelope, "recorded_by": r.recorded_by, "recorded_at": r.recorded_at}


@dataclass(frozen=True)
class NewRecord:
    envelope: object
    replaces: str | None

    @classmethod
    def parse(cls, body: Body) -> "NewRecord":
        if set(body) - {"envelope", "replaces"} or "envelope" not in body:
            raise InvalidField("Send {envelope, replaces?}.")
        replaces = body.get("replaces")
        if replaces is not None and (not isinstance(replaces, str) or not 1 <= len(replaces) <= RECORD_ID_MAX):
            raise InvalidField("replaces must be the id of a tag record, or null.")
        return cls(body["envelope"], replaces)


@bp.get("/office/case-tags")
@signed_in("member")
def get_tag_records() -> Response:
    with transaction() as s:
        return jsonify({"items": [record_json(r) for r in case_tags.list_tag_records(s)]})


@bp.post("/office/case-tags")
@signed_in("member")
@parsed(NewRecord.parse)
def post_tag_record(req: NewRecord) -> tuple[Response, int]:
    with transaction() as s:
        record = case_tags.add_tag_record(s, deps(), str(caller().member_id), req.envelope, req.replaces)
        return jsonify(record_json(record)), 201
