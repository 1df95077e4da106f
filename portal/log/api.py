"""The signed office log (docs/protocol/v2.md section 7): read by anyone, appended to by members."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.encoding import b64u_encode
from portal.log import service as log
from portal.log.rotation import append_entry
from portal.office.api import parse_grants
from portal.web.body import Body, InvalidField, parsed, query_int
from portal.web.caller import caller, signed_in
from portal.web.context import announcer, deps, transaction

bp = Blueprint("log", __name__, url_prefix="/api/v1")


@bp.get("/office/log")
def get_log() -> Response:
    after = query_int("after", 0, 0, 2**53)
    with transaction() as s:
        entries = log.entries(s, after)
        length, head = log.head(s)
    # The head lets a page that verified the log before see, in one small answer, that it is unchanged.
    return jsonify(
        {"entries": [e.to_json() for e in entries], "length": length, "head": b64u_encode(head) if head else None}
    )


@dataclass(frozen=True)
class NewEntry:
    entry: object
    grants: dict[str, bytes] | None

    @classmethod
    def parse(cls, body: Body) -> "NewEntry":
        if "entry" not in body:
            raise InvalidField("entry must be a log entry {body, sigs}.")
        return cls(body["entry"], parse_grants(body["grants"]) if "grants" in body else None)


@bp.post("/office/log")
@signed_in("member")
@parsed(NewEntry.parse)
def post_entry(req: NewEntry) -> tuple[Response, int]:
    with transaction() as s:
        entry = append_entry(s, deps(), str(caller().member_id), req.entry, req.grants)
        answer: dict[str, Any] = {"length": entry.seq + 1, "head": b64u_encode(entry.hash)}
    announcer().office_changed()
    return jsonify(answer), 201
