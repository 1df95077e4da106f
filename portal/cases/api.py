"""Cases: opening one anonymously, reading its record, closing, destroying; the destruction log."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.encoding import b64u_encode
from portal.cases import service as cases
from portal.cases.destruction import destruction_summary
from portal.cases.models import Case
from portal.settings import Settings
from portal.web.body import Body, InvalidField, bytes_field, int_field, object_field, parsed, text_field
from portal.web.caller import caller, signed_in
from portal.web.context import announcer, deps, transaction
from portal.web.limits import NEW_CASES, charge_limit

bp = Blueprint("cases", __name__, url_prefix="/api/v1")

POW_CHALLENGE_BYTES = 16
MEMBER_ID_MAX = 32


def case_json(case: Case, s: Settings, *, office: bool = False) -> dict[str, Any]:
    """The case's record; ``office`` adds the office's own triage, which its visitor is not shown."""
    record = {
        "case_id": case.case_id,
        "visitor_sign_pk": b64u_encode(case.visitor_sign_pk),
        "visitor_box_pk": b64u_encode(case.visitor_box_pk),
        "status": case.status,
        "created_at": case.created_at,
        "last_activity_at": case.last_activity_at,
        "retention_until": case.retention_until,
        "closed_at": case.closed_at,
        "covenant": {
            "current_version": s.covenant_version,
            "accepted_version": case.covenant_version,
            "accepted_at": case.covenant_accepted_at,
        },
    }
    if office:
        # flagged: by its visitor, not yet acknowledged by a member (why is sealed in the item)
        record |= {
            "urgent": case.urgent,
            "assignee": case.assignee_id,
            "flagged": case.flagged_at is not None,
            "flagged_at": case.flagged_at,
        }
    return record


def caller_json(case: Case) -> dict[str, Any]:
    """The record as the caller may see it."""
    return case_json(case, deps().settings, office=caller().role == "member")


@dataclass(frozen=True)
class NewCase:
    sign_pk: bytes
    box_pk: bytes
    pow_challenge: bytes
    pow_nonce: int

    @classmethod
    def parse(cls, body: Body) -> "NewCase":
        sign_pk, box_pk = bytes_field(body, "sign_pk", 32), bytes_field(body, "box_pk", 32)
        pow_ = object_field(body, "pow", "with challenge and nonce")
        return cls(
            sign_pk, box_pk, bytes_field(pow_, "challenge", POW_CHALLENGE_BYTES), int_field(pow_, "nonce", 0, 2**64)
        )


@bp.post("/cases")
@parsed(NewCase.parse)
def post_case(req: NewCase) -> tuple[Response, int]:
    # The puzzle first, in its own commit: only a solved one is counted against the bucket all
    # visitors share, so a flood of random answers cannot keep a real visitor out. It is spent
    # before the count, so one solution cannot be replayed to fill the bucket either.
    with transaction() as s:
        cases.spend_puzzle(s, deps(), req.pow_challenge, req.pow_nonce)
    charge_limit(NEW_CASES)
    with transaction() as s:
        case = cases.open_case(s, deps(), req.sign_pk, req.box_pk)
    return jsonify(
        {"case_id": case.case_id, "created_at": case.created_at, "retention_until": case.retention_until}
    ), 201


@bp.get("/cases")
@signed_in("member")
def get_cases() -> Response:
    with transaction() as s:
        summaries = cases.list_cases(s, deps(), caller())
    settings = deps().settings
    return jsonify(
        {
            "items": [
                {**case_json(c.case, settings, office=True), "items": c.items, "from_others": c.from_others}
                for c in summaries
            ]
        }
    )


@bp.get("/cases/<case_id>")
@signed_in()
def get_case(case_id: str) -> Response:
    principal = caller()
    with transaction() as s:
        case = cases.case_for(s, principal, case_id)
    return jsonify(caller_json(case))


@bp.delete("/cases/<case_id>")
@signed_in()
def delete_case(case_id: str) -> Response:
    principal = caller()
    with transaction() as s:
        sockets = cases.destroy_case_for(s, deps(), principal, case_id)
    announcer().cut(sockets)
    return jsonify({"case_id": case_id, "destroyed": True})


@bp.post("/cases/<case_id>/close")
@signed_in("member")
def close_case(case_id: str) -> Response:
    principal = caller()
    with transaction() as s:
        case = cases.close_case(s, deps(), principal, case_id)
    announcer().case_changed(case_id)
    return jsonify(caller_json(case))


@bp.post("/cases/<case_id>/reopen")
@signed_in("member")
def reopen_case(case_id: str) -> Response:
    with transaction() as s:
        case = cases.reopen_case(s, deps(), caller(), case_id)
    announcer().case_changed(case_id)
    return jsonify(caller_json(case))


@dataclass(frozen=True)
class Urgency:
    urgent: bool

    @classmethod
    def parse(cls, body: Body) -> "Urgency":
        urgent = body.get("urgent")
        if not isinstance(urgent, bool):
            raise InvalidField("urgent must be true or false.")
        return cls(urgent)


@bp.put("/cases/<case_id>/urgent")
@signed_in("member")
@parsed(Urgency.parse)
def put_urgent(req: Urgency, case_id: str) -> Response:
    with transaction() as s:
        case = cases.mark_urgent(s, caller(), case_id, req.urgent)
    announcer().triage_changed(case_id)
    return jsonify(caller_json(case))


@bp.post("/cases/<case_id>/flag/acknowledge")
@signed_in("member")
def acknowledge_flag(case_id: str) -> Response:
    with transaction() as s:
        case = cases.acknowledge_flags(s, caller(), case_id)
    announcer().triage_changed(case_id)
    return jsonify(caller_json(case))


@dataclass(frozen=True)
class Assignment:
    member_id: str | None  # None: nobody follows the case

    @classmethod
    def parse(cls, body: Body) -> "Assignment":
        if "member_id" not in body:
            raise InvalidField("member_id must be a member's id, or null for nobody.")
        return cls(None if body["member_id"] is None else text_field(body, "member_id", MEMBER_ID_MAX))


@bp.put("/cases/<case_id>/assignee")
@signed_in("member")
@parsed(Assignment.parse)
def put_assignee(req: Assignment, case_id: str) -> Response:
    with transaction() as s:
        case = cases.assign_case(s, caller(), case_id, req.member_id)
    announcer().triage_changed(case_id)
    return jsonify(caller_json(case))


@dataclass(frozen=True)
class CovenantAcceptance:
    version: int

    @classmethod
    def parse(cls, body: Body) -> "CovenantAcceptance":
        return cls(int_field(body, "version", 1, 2**31))


@bp.post("/cases/<case_id>/covenant")
@signed_in("visitor")
@parsed(CovenantAcceptance.parse)
def accept_covenant(req: CovenantAcceptance, case_id: str) -> Response:
    with transaction() as s:
        case = cases.accept_covenant(s, deps(), caller(), case_id, req.version)
    return jsonify(caller_json(case))


@bp.get("/destructions")
@signed_in("member")
def destructions() -> Response:
    with transaction() as s:
        return jsonify({"items": destruction_summary(s)})
