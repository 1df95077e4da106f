"""A member's passkeys: registering one, listing and removing them (sign-in uses them through
POST /auth/session, portal/auth/api.py)."""

import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.encoding import b64u_encode
from portal.members.service import find_member
from portal.messages.errors import NotAMember
from portal.passkeys import service as passkeys
from portal.passkeys.models import Passkey
from portal.web.body import Body, InvalidField, bytes_field, object_field, parsed, string_field
from portal.web.caller import caller, signed_in
from portal.web.context import deps, transaction

bp = Blueprint("passkeys", __name__, url_prefix="/api/v1")

CHALLENGE_BYTES = 32
UNLOCK_MAX = 300  # bytes: the sealed bundle JSON (two b64u keys) is about 120


def passkey_json(p: Passkey) -> dict[str, Any]:
    return {
        "passkey_id": p.passkey_id,
        "credential_id": b64u_encode(p.credential_id),
        "name": p.name,
        "created_at": p.created_at,
        "last_used_at": p.last_used_at,
        "unlocks": p.unlock_ciphertext is not None,  # it can stand in for the password too
    }


@bp.post("/passkeys/options")
@signed_in("member")
def options() -> Response:
    with transaction() as s:
        member = find_member(s, str(caller().member_id))
        if member is None:
            raise NotAMember()
        made = passkeys.registration_options(s, deps(), member)
    return jsonify({"options": json.loads(made.options_json), "challenge": b64u_encode(made.challenge)})


@dataclass(frozen=True)
class NewPasskey:
    name: str
    credential: dict[str, Any]
    challenge: bytes

    @classmethod
    def parse(cls, body: Body) -> "NewPasskey":
        name = string_field(body, "name")
        if len(name) > passkeys.NAME_MAX * 2:
            raise InvalidField(f"name is at most {passkeys.NAME_MAX} characters.")
        return cls(
            name,
            object_field(body, "credential", "as the browser gives it"),
            bytes_field(body, "challenge", CHALLENGE_BYTES),
        )


@bp.post("/passkeys")
@signed_in("member")
@parsed(NewPasskey.parse)
def register(req: NewPasskey) -> tuple[Response, int]:
    with transaction() as s:
        made = passkeys.register(s, deps(), str(caller().member_id), req.name, req.credential, req.challenge)
        return jsonify(passkey_json(made)), 201


@bp.get("/passkeys")
@signed_in("member")
def listing() -> Response:
    with transaction() as s:
        items = [passkey_json(p) for p in passkeys.passkeys_of(s, str(caller().member_id))]
    return jsonify({"items": items, "required": deps().settings.passkeys_required})


@bp.delete("/passkeys/<passkey_id>")
@signed_in("member")
def remove(passkey_id: str) -> Response:
    with transaction() as s:
        passkeys.remove(s, deps(), str(caller().member_id), passkey_id)
    return jsonify({"passkey_id": passkey_id, "removed": True})


@dataclass(frozen=True)
class Unlock:
    nonce: bytes
    ciphertext: bytes

    @classmethod
    def parse(cls, body: Body) -> "Unlock":
        wrapped = object_field(body, "wrapped", "{nonce, ciphertext}")
        ciphertext = bytes_field(wrapped, "ciphertext")
        if not 16 < len(ciphertext) <= UNLOCK_MAX:
            raise InvalidField("wrapped.ciphertext has an impossible length.")
        return cls(bytes_field(wrapped, "nonce", 24), ciphertext)


@bp.put("/passkeys/<passkey_id>/unlock")
@signed_in("member")
@parsed(Unlock.parse)
def set_unlock(req: Unlock, passkey_id: str) -> Response:
    with transaction() as s:
        passkeys.set_unlock(s, str(caller().member_id), passkey_id, req.nonce, req.ciphertext)
    return jsonify({"passkey_id": passkey_id, "unlocks": True})


@bp.delete("/passkeys/<passkey_id>/unlock")
@signed_in("member")
def drop_unlock(passkey_id: str) -> Response:
    with transaction() as s:
        passkeys.set_unlock(s, str(caller().member_id), passkey_id, None, None)
    return jsonify({"passkey_id": passkey_id, "unlocks": False})
