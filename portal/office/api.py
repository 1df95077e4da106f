"""The office's public description, and its key grants (PROTOCOL.md section 8)."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.encoding import b64u_encode
from crypto.keys import fingerprint, kid
from crypto.office import GRANT_BYTES
from portal.members.models import Member
from portal.office import service as office
from portal.office.errors import GrantedTwice
from portal.office.models import OfficeKey
from portal.settings import Settings
from portal.web.body import Body, InvalidField, bytes_field, int_field, parsed, text_field
from portal.web.caller import caller, signed_in
from portal.web.context import announcer, deps, transaction

bp = Blueprint("office", __name__, url_prefix="/api/v1")

MAX_GRANTS = 1000  # members of one office, far more than any has


def key_json(key: OfficeKey) -> dict[str, Any]:
    return {
        "version": key.version,
        "box_pk": b64u_encode(key.box_pk),
        "kid": kid(key.box_pk),
        "fingerprint": fingerprint(key.box_pk),
    }


def member_json(member: Member) -> dict[str, Any]:
    return {
        "member_id": member.member_id,
        "display_name": member.display_name,
        "sign_pk": b64u_encode(member.sign_pk),
        "box_pk": b64u_encode(member.box_pk),
        "active": member.active,
    }


def limits_json(s: Settings) -> dict[str, Any]:
    return {
        "max_padded_bytes": s.messages_max_padded_bytes,
        "ttl_min_seconds": s.messages_ttl_min_seconds,
        "ttl_max_seconds": s.messages_ttl_max_seconds,
        "ttl_choices": list(s.messages_ttl_choices),
        "clock_skew_seconds": s.auth_clock_skew_seconds,
        "retention_idle_days": s.retention_idle_days,
        "retention_closed_days": s.retention_closed_days,
        "session_idle_minutes": s.auth_idle_minutes,
        "report_min_count": s.reports_min_count,
        "case_items": s.quotas_case_items,
        "case_bytes": s.quotas_case_bytes,
    }


def granted_json(keys: list[office.GrantedKey]) -> list[dict[str, Any]]:
    return [{"version": k.version, "box_pk": b64u_encode(k.box_pk), "grant": b64u_encode(k.grant)} for k in keys]


def parse_grants(raw: object) -> dict[str, bytes]:
    """``[{member_id, grant}]``: an office key version sealed to each member, each member once."""
    if not isinstance(raw, list) or not raw or len(raw) > MAX_GRANTS:
        raise InvalidField(f"grants must be a list of 1 to {MAX_GRANTS} {{member_id, grant}}.")
    sealed: dict[str, bytes] = {}
    for item in raw:
        if not isinstance(item, dict):
            raise InvalidField("Each grant must be an object {member_id, grant}.")
        member_id = text_field(item, "member_id", 32)
        if member_id in sealed:
            raise GrantedTwice()
        sealed[member_id] = bytes_field(item, "grant", GRANT_BYTES)
    return sealed


@bp.get("/office")
def get_office() -> Response:
    with transaction() as s:
        d = office.describe_office(s)
    settings = deps().settings
    return jsonify(
        {
            "office_id": d.office.office_id,
            "name": d.office.name,
            "visitor_kdf": d.office.visitor_kdf.as_json(),
            "member_kdf": d.office.member_kdf.as_json(),
            "office_key": key_json(d.key) if d.key else None,
            # Every version, for a v1 office's first log entry (protocol v2 section 9).
            "office_keys": [{"version": k.version, "box_pk": b64u_encode(k.box_pk)} for k in d.keys],
            "members": [member_json(m) for m in d.members],
            "pow": {"difficulty": settings.pow_difficulty},
            "covenant_version": settings.covenant_version,
            "limits": limits_json(settings),
            # Where passkeys work (they are bound to this origin) and what the office asks of them.
            "passkeys": {
                "origin": settings.public_origin,
                "rp_id": settings.rp_id,
                "user_verification": settings.passkeys_user_verification,
                "required": settings.passkeys_required,
            },
        }
    )


@bp.get("/office/grants")
@signed_in("member")
def get_own_grants() -> Response:
    principal = caller()
    with transaction() as s:
        return jsonify({"items": granted_json(office.grants_of(s, str(principal.member_id)))})


@dataclass(frozen=True)
class GrantRequest:
    member_id: str
    version: int
    grant: bytes
    log_entry: object  # the member_added entry, once the office has a log (protocol v2)

    @classmethod
    def parse(cls, body: Body) -> "GrantRequest":
        return cls(
            text_field(body, "member_id", 32),
            int_field(body, "version", 1, 2**31),
            bytes_field(body, "grant", GRANT_BYTES),
            body.get("log_entry"),
        )


@bp.post("/office/grants")
@signed_in("member")
@parsed(GrantRequest.parse)
def post_grant(req: GrantRequest) -> tuple[Response, int]:
    principal = caller()
    with transaction() as s:
        office.add_grant(s, deps(), str(principal.member_id), req.member_id, req.version, req.grant, req.log_entry)
    announcer().office_changed()  # the grantee's open page takes its key at once
    return jsonify({"member_id": req.member_id, "version": req.version}), 201


@dataclass(frozen=True)
class UnopenableReport:
    version: int

    @classmethod
    def parse(cls, body: Body) -> "UnopenableReport":
        return cls(int_field(body, "version", 1, 2**31))


@bp.post("/office/grants/unopenable")
@signed_in("member")
@parsed(UnopenableReport.parse)
def post_unopenable(req: UnopenableReport) -> Response:
    """The caller's own grant of ``version`` does not open: colleagues are offered to grant it again."""
    with transaction() as s:
        office.report_unopenable(s, deps(), str(caller().member_id), req.version)
    announcer().office_changed()  # colleagues' open pages show "Grant again"
    return jsonify({"version": req.version, "unopenable": True})


@dataclass(frozen=True)
class Regrant:
    version: int
    grant: bytes

    @classmethod
    def parse(cls, body: Body) -> "Regrant":
        return cls(int_field(body, "version", 1, 2**31), bytes_field(body, "grant", GRANT_BYTES))


@bp.put("/office/grants/<member_id>")
@signed_in("member")
@parsed(Regrant.parse)
def put_grant(req: Regrant, member_id: str) -> Response:
    """A grant reported unopenable, replaced by a colleague who holds the key (office.replace_grant)."""
    with transaction() as s:
        office.replace_grant(s, deps(), str(caller().member_id), member_id, req.version, req.grant)
    announcer().office_changed()  # the grantee's open page takes its key at once
    return jsonify({"member_id": member_id, "version": req.version})
