"""The HTTP API of PROTOCOL.md section 8: each view parses, calls one service, answers."""

from typing import Any

from flask import Blueprint, Response, jsonify, request

from crypto.auth import CHALLENGE_BYTES
from crypto.encoding import b64u_encode
from portal.auth import ratelimit
from portal.auth.challenges import consume_auth_challenge, issue_auth_challenge, issue_pow
from portal.auth.signin import member_salt, member_session, office_grants, visitor_session
from portal.auth.tokens import revoke
from portal.cases import service as cases
from portal.cases.destruction import destruction_summary
from portal.errors import BadInput, sign_in_failed
from portal.members import removal
from portal.members import service as members
from portal.messages import service as messages
from portal.office import service as office
from portal.realtime.events import sockets_of
from portal.web import (
    announcer,
    bytes_field,
    caller,
    deps,
    int_field,
    json_body,
    session_factory,
    text_field,
    transaction,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ROLES = ("visitor", "member")
MAX_GRANTS = 1000  # members of one office, far more than any has


def created(body: dict[str, Any]) -> tuple[Response, int]:
    return jsonify(body), 201


@bp.get("/office")
def get_office() -> Response:
    with transaction() as s:
        return jsonify(office.describe_office(s, deps()))


def _charge_anonymous(bucket: str) -> None:
    """Endpoints anyone may call write a row each: a global brake keeps a flood from filling the disk."""
    s = deps().settings
    ratelimit.charge(
        session_factory(), deps(), bucket, b"", s.rate_limits_anonymous_global, s.rate_limits_anonymous_window_seconds
    )


@bp.post("/pow")
def post_pow() -> Response:
    _charge_anonymous("pow")
    with transaction() as s:
        challenge, difficulty, expires_at = issue_pow(s, deps())
    return jsonify({"challenge": b64u_encode(challenge), "difficulty": difficulty, "expires_at": expires_at})


@bp.post("/cases")
def post_case() -> tuple[Response, int]:
    body = json_body()
    sign_pk, box_pk = bytes_field(body, "sign_pk", 32), bytes_field(body, "box_pk", 32)
    pow_body = body.get("pow")
    if not isinstance(pow_body, dict):
        raise BadInput("pow must be an object with challenge and nonce.", "invalid_field")
    challenge, nonce = bytes_field(pow_body, "challenge", 16), int_field(pow_body, "nonce", 0, 2**64)
    s = deps().settings
    ratelimit.charge(
        session_factory(), deps(), "cases", b"", s.rate_limits_cases_global, s.rate_limits_cases_window_seconds
    )
    with transaction() as session:
        case = cases.open_case(session, deps(), sign_pk, box_pk, challenge, nonce)
        return created(
            {"case_id": case.case_id, "created_at": case.created_at, "retention_until": case.retention_until}
        )


def _role(body: dict[str, Any]) -> str:
    role = body.get("role")
    if role not in ROLES:
        raise BadInput("role must be visitor or member.", "invalid_field")
    return str(role)


def _subject(body: dict[str, Any], role: str) -> bytes:
    if role == "visitor":
        return bytes_field(body, "sign_pk", 32)
    return text_field(body, "username", 64).encode("utf-8")


def _charge_signin(subject: bytes) -> None:
    s = deps().settings
    window = s.rate_limits_signin_window_seconds
    ratelimit.charge(session_factory(), deps(), "signin", subject, s.rate_limits_signin_per_subject, window)
    ratelimit.charge(session_factory(), deps(), "signin-all", b"", s.rate_limits_signin_global, window)


@bp.post("/auth/challenge")
def post_challenge() -> Response:
    body = json_body()
    role = _role(body)
    subject = _subject(body, role)
    _charge_anonymous("challenge")
    with transaction() as s:
        challenge, expires_at = issue_auth_challenge(s, deps(), role, subject)
        answer: dict[str, Any] = {"challenge": b64u_encode(challenge), "expires_at": expires_at}
        if role == "member":
            salt = member_salt(s, deps(), subject.decode("utf-8"))
            answer |= {"salt": b64u_encode(salt.salt), "kdf": salt.kdf}
    return jsonify(answer)


@bp.post("/auth/session")
def post_session() -> Response:
    body = json_body()
    role = _role(body)
    subject = _subject(body, role)
    challenge, sig = bytes_field(body, "challenge", CHALLENGE_BYTES), bytes_field(body, "sig", 64)
    totp = body.get("totp") if role == "member" else None
    if role == "member" and not isinstance(totp, str):
        raise BadInput("totp must be the 6-digit code from your authenticator.", "invalid_field")
    _charge_signin(subject)
    # Spend the challenge in its own commit, so a failed attempt cannot reuse it.
    with transaction() as s:
        live = consume_auth_challenge(s, deps(), challenge, role, subject)
    if not live:
        raise sign_in_failed()
    with transaction() as s:
        if role == "visitor":
            return jsonify(visitor_session(s, deps(), subject, challenge, sig))
        return jsonify(member_session(s, deps(), subject.decode("utf-8"), challenge, sig, str(totp)))


@bp.delete("/auth/session")
def delete_session() -> Response:
    principal = caller()
    with transaction() as s:
        sids = sockets_of(s, [principal.token_hash])
        revoke(s, principal)
    announcer().cut(sids)
    response = jsonify({"signed_out": True})
    # Nothing of the session may linger in the browser's caches or storage after signing out.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.get("/cases")
def get_cases() -> Response:
    caller("member")
    with transaction() as s:
        return jsonify({"items": cases.list_cases(s, deps())})


@bp.get("/cases/<case_id>")
def get_case(case_id: str) -> Response:
    principal = caller()
    with transaction() as s:
        return jsonify(cases.case_json(cases.case_for(s, principal, case_id), deps()))


@bp.delete("/cases/<case_id>")
def delete_case(case_id: str) -> Response:
    principal = caller()
    with transaction() as s:
        case = cases.case_for(s, principal, case_id, lock=True)
        sids = sockets_of(s, cases.case_token_hashes(s, case.case_id))
        cases.destroy_case(s, deps(), case, principal.role)
    announcer().cut(sids)
    return jsonify({"case_id": case_id, "destroyed": True})


@bp.post("/cases/<case_id>/close")
def close_case(case_id: str) -> Response:
    principal = caller("member")
    with transaction() as s:
        case = cases.case_for(s, principal, case_id, lock=True)
        cases.close_case(case, deps())
        return jsonify(cases.case_json(case, deps()))


@bp.post("/cases/<case_id>/covenant")
def accept_covenant(case_id: str) -> Response:
    principal = caller("visitor")
    version = int_field(json_body(), "version", 1, 2**31)
    with transaction() as s:
        case = cases.case_for(s, principal, case_id, lock=True)
        cases.accept_covenant(case, deps(), version)
        return jsonify(cases.case_json(case, deps()))


@bp.get("/trace")
def trace() -> Response:
    caller("member")
    code = request.args.get("code", "")
    if not 10 <= len(code) <= 16:
        raise BadInput("Give the view code as it appears on the copy, e.g. 7K3QD-M9XTA.", "invalid_query")
    with transaction() as s:
        return jsonify(messages.trace_view(s, code))


@bp.get("/destructions")
def destructions() -> Response:
    caller("member")
    with transaction() as s:
        return jsonify({"items": destruction_summary(s)})


@bp.post("/cases/<case_id>/messages")
def post_message(case_id: str) -> tuple[Response, int]:
    principal = caller()
    body = json_body()
    with transaction() as s:
        receipt = messages.post_envelope(s, deps(), principal, case_id, body)
    if receipt.created:
        announcer().message(case_id, receipt.body["id"], office_only=receipt.office_only)
    return jsonify(receipt.body), 201 if receipt.created else 200


def _query_int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise BadInput(f"{name} must be an integer from {low} to {high}.", "invalid_query")
    return int(raw)


@bp.get("/cases/<case_id>/messages")
def get_messages(case_id: str) -> Response:
    principal = caller()
    after = _query_int("after", 0, 0, 2**62)
    limit = _query_int("limit", messages.LIST_LIMIT_DEFAULT, 1, messages.LIST_LIMIT_MAX)
    with transaction() as s:
        return jsonify(messages.list_messages(s, deps(), principal, case_id, after, limit))


@bp.post("/cases/<case_id>/messages/<item_id>/open")
def open_message(case_id: str, item_id: str) -> Response:
    principal = caller()
    with transaction() as s:
        opening = messages.open_item(s, deps(), principal, case_id, item_id)
    announcer().viewed(case_id, item_id, opening.view_id, office_only=opening.office_only)
    return jsonify(opening.body)


@bp.get("/cases/<case_id>/messages/<item_id>/views")
def get_views(case_id: str, item_id: str) -> Response:
    principal = caller()
    with transaction() as s:
        return jsonify(messages.list_views(s, deps(), principal, case_id, item_id))


@bp.post("/enrol/start")
def enrol_start() -> Response:
    body = json_body()
    token = text_field(body, "token", 100)
    _charge_enrol(token)
    with transaction() as s:
        return jsonify(members.start_enrolment(s, deps(), token))


@bp.post("/enrol/finish")
def enrol_finish() -> tuple[Response, int]:
    body = json_body()
    _charge_enrol(text_field(body, "token", 100))
    with transaction() as s:
        return created(members.finish_enrolment(s, deps(), body))


def _charge_enrol(token: str) -> None:
    s = deps().settings
    limit, window = s.rate_limits_enrol_per_invitation, s.rate_limits_enrol_window_seconds
    ratelimit.charge(session_factory(), deps(), "enrol", token.encode("utf-8"), limit, window)


@bp.get("/members/pending")
def get_pending() -> Response:
    caller("member")
    with transaction() as s:
        return jsonify({"items": office.pending_members(s)})


@bp.get("/office/grants")
def get_own_grants() -> Response:
    principal = caller("member")
    with transaction() as s:
        return jsonify({"items": office_grants(s, str(principal.member_id))})


@bp.post("/members/<member_id>/remove")
def remove_member(member_id: str) -> Response:
    principal = caller("member")
    new_key = _new_office_key(json_body().get("office_key"))
    with transaction() as s:
        done = removal.remove_member(s, deps(), str(principal.member_id), member_id, new_key)
        answer = {"member_id": member_id, "removed": True, "office_key": office.key_json(done.office_key)}
    announcer().cut(done.sockets)
    return jsonify(answer)


def _new_office_key(raw: Any) -> removal.NewOfficeKey:
    if not isinstance(raw, dict):
        raise BadInput("office_key must be an object {version, box_pk, grants}.", "invalid_field")
    grants = raw.get("grants")
    if not isinstance(grants, list) or not grants or len(grants) > MAX_GRANTS:
        raise BadInput(f"grants must be a list of 1 to {MAX_GRANTS} {{member_id, grant}}.", "invalid_field")
    sealed: dict[str, str] = {}
    for item in grants:
        if not isinstance(item, dict):
            raise BadInput("Each grant must be an object {member_id, grant}.", "invalid_field")
        member_id = text_field(item, "member_id", 32)
        if member_id in sealed:
            raise BadInput("A member is granted twice.", "bad_grants")
        sealed[member_id] = b64u_encode(bytes_field(item, "grant", office.GRANT_LENGTH))
    version = int_field(raw, "version", 1, 2**31)
    return removal.NewOfficeKey(version, bytes_field(raw, "box_pk", 32), sealed)


@bp.post("/office/grants")
def post_grant() -> tuple[Response, int]:
    principal = caller("member")
    body = json_body()
    member_id = text_field(body, "member_id", 32)
    version = int_field(body, "version", 1, 2**31)
    grant = bytes_field(body, "grant", office.GRANT_LENGTH)
    with transaction() as s:
        office.add_grant(s, deps(), str(principal.member_id), member_id, version, b64u_encode(grant))
    return created({"member_id": member_id, "version": version})
