"""Members: enrolment by invitation, those waiting for the office key, removal (section 8)."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.office import GRANT_BYTES
from portal.log.proposals import proposals, propose_addition
from portal.members import removal
from portal.members import service as members
from portal.office import service as office
from portal.office.api import key_json, member_json, parse_grants
from portal.web.body import (
    Body,
    InvalidField,
    bytes_field,
    int_field,
    json_body,
    object_field,
    parsed,
    string_field,
    text_field,
)
from portal.web.caller import caller, signed_in
from portal.web.context import announcer, deps, transaction
from portal.web.limits import ENROL_PER_INVITATION, rate_limited, subject_of

bp = Blueprint("members", __name__, url_prefix="/api/v1")

TOKEN_MAX = 100


@dataclass(frozen=True)
class StartRequest:
    token: str

    @property
    def subject(self) -> bytes:
        return self.token.encode("utf-8")

    @classmethod
    def parse(cls, body: Body) -> "StartRequest":
        return cls(text_field(body, "token", TOKEN_MAX))


def parse_enrolment(body: Body) -> members.Enrolment:
    bundle = object_field(body, "bundle", "with nonce and ciphertext")
    first_key = body.get("office_key")
    if first_key is not None and not isinstance(first_key, dict):
        raise InvalidField("office_key must be an object {box_pk, grant}.")
    return members.Enrolment(
        token=text_field(body, "token", TOKEN_MAX),
        member_id=string_field(body, "member_id"),
        username=string_field(body, "username"),
        display_name=string_field(body, "display_name"),
        salt=bytes_field(body, "salt", 16),
        auth_pk=bytes_field(body, "auth_pk", 32),
        sign_pk=bytes_field(body, "sign_pk", 32),
        box_pk=bytes_field(body, "box_pk", 32),
        bundle_nonce=bytes_field(bundle, "nonce", 24),
        bundle_ciphertext=bytes_field(bundle, "ciphertext"),
        totp=string_field(body, "totp"),
        office_key=None
        if first_key is None
        else members.FirstOfficeKey(bytes_field(first_key, "box_pk", 32), bytes_field(first_key, "grant", GRANT_BYTES)),
        log_entry=body.get("log_entry"),
    )


@bp.post("/enrol/start")
@parsed(StartRequest.parse)
@rate_limited(ENROL_PER_INVITATION, key=subject_of)
def enrol_start(req: StartRequest) -> Response:
    with transaction() as s:
        start = members.start_enrolment(s, deps(), req.token)
    return jsonify(
        {
            "member_id": start.member_id,
            "totp_secret": start.totp_secret,
            "otpauth_uri": start.otpauth_uri,
            "member_kdf": start.member_kdf.as_json(),
            "first": start.first,
        }
    )


@bp.post("/enrol/finish")
@parsed(parse_enrolment)
@rate_limited(ENROL_PER_INVITATION, key=lambda e, **_: e.token.encode("utf-8"))
def enrol_finish(enrolment: members.Enrolment) -> tuple[Response, int]:
    with transaction() as s:
        done = members.finish_enrolment(s, deps(), enrolment)
    return jsonify({"member_id": done.member_id, "granted": done.granted}), 201


@bp.get("/members/pending")
@signed_in("member")
def get_pending() -> Response:
    with transaction() as s:
        waiting = office.pending_members(s)
        proposed = proposals(s)
        current = office.current_key(s)
        reported = {
            m.member_id for m in waiting if current and current.version in office.unopenable_versions(s, m.member_id)
        }
        items = [
            {
                **member_json(m),
                "username": m.username,
                "created_at": m.created_at,
                # A first signature of their addition, waiting for a colleague's (two-signature offices).
                "proposal": proposed[m.member_id].to_json() if m.member_id in proposed else None,
                # Granted already, but they reported that the grant does not open: grant it again (PUT).
                "unopenable": m.member_id in reported,
            }
            for m in waiting
        ]
    return jsonify({"items": items})


@bp.post("/members/<member_id>/propose")
@signed_in("member")
def propose(member_id: str) -> tuple[Response, int]:
    with transaction() as s:
        propose_addition(s, deps(), str(caller().member_id), member_id, json_body().get("log_entry"))
    announcer().office_changed()
    return jsonify({"member_id": member_id, "proposed": True}), 201


def parse_new_key(body: Body) -> removal.NewOfficeKey:
    raw = object_field(body, "office_key", "{version, box_pk, grants}")
    grants = parse_grants(raw.get("grants"))
    version, box_pk = int_field(raw, "version", 1, 2**31), bytes_field(raw, "box_pk", 32)
    return removal.NewOfficeKey(version, box_pk, grants, body.get("log_entry"))


@bp.post("/members/<member_id>/remove")
@signed_in("member")
@parsed(parse_new_key)
def remove_member(new_key: removal.NewOfficeKey, member_id: str) -> Response:
    principal = caller()
    with transaction() as s:
        done = removal.remove_member(s, deps(), str(principal.member_id), member_id, new_key)
        answer: dict[str, Any] = {"member_id": member_id, "removed": True, "office_key": key_json(done.office_key)}
    announcer().cut(done.sockets)
    announcer().office_changed()  # open pages seal to the new key from now on
    return jsonify(answer)
