"""The OpenAPI 3.1 document of the HTTP API (PROTOCOL.md section 8, docs/protocol/v2.md),
served at ``GET /api/v1/openapi.json``.

Built here from one table of operations rather than written out as one YAML file: each line
says what a route takes (who may call it, its body, its queries) and what it answers, and the
shapes every route shares (the error, the envelope, the bearer token, the statuses the edge adds
to every body or every signed-in route) are written once. A new route is one line, and
``tests/portal/test_openapi.py`` fails until it is here; schemathesis then checks the line
against the live app."""

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask import Blueprint, Response, jsonify

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

Schema = dict[str, Any]

B64U: Schema = {"type": "string", "pattern": "^[A-Za-z0-9_-]*$", "description": "base64url, no padding"}
ENVELOPE: Schema = {
    "type": "object",
    "description": "A sealed envelope (PROTOCOL.md section 4, docs/protocol/v2.md section 7).",
    "required": ["header", "ciphertext", "sig"],
    "properties": {"header": B64U, "ciphertext": B64U, "sig": B64U},
}
ERROR: Schema = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}
OBJECT: Schema = {"type": "object"}

STATUS_TEXT = {
    400: "The request's form: not JSON, a field or query not of its form, or a refused value.",
    401: "No token, an ended session, or a refused sign-in.",
    403: "Signed in, but not as the role, grant or sender this needs.",
    404: "No such office, case, item, member or record.",
    405: "The method is not one this path answers.",
    409: "A conflict with what is stored.",
    410: "Gone: expired, spent, withdrawn or destroyed.",
    413: "Too large: the body, or the case's bytes.",
    429: "Too many: a rate limit or a case's quota (Retry-After on rate limits).",
}


@dataclass(frozen=True)
class Op:
    method: str
    path: str
    summary: str
    role: str | None  # "member", "visitor", "any" (either signed in), None (public)
    ok: int = 200
    body: Schema | None = None
    errors: tuple[int, ...] = ()
    query: dict[str, Schema] = field(default_factory=dict)
    answer: Schema = field(default_factory=lambda: OBJECT)  # the body of its success
    again: bool = False  # the same post repeated is answered 200, with the same body


INT: Schema = {"type": "integer", "minimum": 0}
STR: Schema = {"type": "string"}
BOOL: Schema = {"type": "boolean"}


def b64u(n: int) -> Schema:
    """``n`` bytes in base64url without padding."""
    return {
        "type": "string",
        "pattern": f"^[A-Za-z0-9_-]{{{(4 * n + 2) // 3}}}$",
        "description": f"{n} bytes, base64url",
    }


def obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None) -> Schema:
    """A JSON object as a view parses it: these fields, and any other it ignores."""
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


ENV_BODY = obj({"envelope": ENVELOPE})
TIME: Schema = {"type": "integer", "description": "Unix time, seconds"}
TIME_OR_NULL: Schema = {"type": ["integer", "null"]}
STR_OR_NULL: Schema = {"type": ["string", "null"]}
NULLABLE_ENVELOPE: Schema = {"oneOf": [ENVELOPE, {"type": "null"}]}


def items(of: Schema = OBJECT, **more: Schema) -> Schema:
    """A listing: ``{"items": [...]}`` (an object, so it can grow)."""
    return obj({"items": {"type": "array", "items": of}, **more})


KDF = obj({"alg": STR, "ops": INT, "mem": INT})
CASE = {
    **obj(
        {
            "case_id": STR,
            "visitor_sign_pk": B64U,
            "visitor_box_pk": B64U,
            "status": {"enum": ["open", "closed"]},
            "created_at": TIME,
            "last_activity_at": TIME,
            "retention_until": TIME,
            "closed_at": TIME_OR_NULL,
            "covenant": OBJECT,
        },
        {"urgent": BOOL, "assignee": STR_OR_NULL, "flagged": BOOL, "flagged_at": TIME_OR_NULL},
    ),
    "description": "A case; urgent, assignee and flagged are the office's triage, given to members only.",
}
OFFICE = obj(
    {
        "office_id": STR,
        "name": STR,
        "visitor_kdf": KDF,
        "member_kdf": KDF,
        "office_keys": {"type": "array"},
        "members": {"type": "array"},
        "pow": obj({"difficulty": INT}),
        "covenant_version": INT,
        "limits": OBJECT,
        "passkeys": OBJECT,
    },
    {"office_key": {"type": ["object", "null"]}},
)
PIN = obj({"envelope": NULLABLE_ENVELOPE, "updated_at": TIME_OR_NULL})
ARTICLE_SUMMARY = obj(
    {
        "article_id": STR,
        "slug": STR,
        "title": STR,
        "published": BOOL,
        "publish_at": TIME,
        "expires_at": TIME_OR_NULL,
        "updated_at": TIME,
    }
)
ITEM = obj(
    {
        "id": STR,
        "kind": STR,
        "from": STR,
        "received_at": TIME,
        "expires_at": TIME_OR_NULL,
        "size": INT,
        "view_once": BOOL,
        "spent_at": TIME_OR_NULL,
        "flagged": BOOL,
    }
)
ALERTS = obj({"available": BOOL, "email": STR_OR_NULL, "interval_minutes": INT})
SEALED = obj({"nonce": b64u(24), "ciphertext": B64U})
LOG_ENTRY = obj({"body": OBJECT, "sigs": {"type": "array"}})
GRANTS: Schema = {"type": "array", "items": obj({"member_id": STR, "grant": b64u(80)})}
WHO: Schema = {
    "oneOf": [
        obj({"role": {"const": "visitor"}, "sign_pk": b64u(32)}),
        obj({"role": {"const": "member"}, "username": STR}),
    ]
}
SIGN_IN: Schema = obj(
    {"role": {"enum": ["visitor", "member"]}, "challenge": b64u(32)},
    {"sign_pk": b64u(32), "username": STR, "sig": b64u(64), "totp": STR, "passkey": OBJECT, "unlock": BOOL},
)
NEW_CASE = obj({"sign_pk": b64u(32), "box_pk": b64u(32), "pow": obj({"challenge": b64u(16), "nonce": INT})})
ENROLMENT = obj(
    {
        "token": STR,
        "member_id": STR,
        "username": STR,
        "display_name": STR,
        "salt": b64u(16),
        "auth_pk": b64u(32),
        "sign_pk": b64u(32),
        "box_pk": b64u(32),
        "bundle": SEALED,
        "totp": STR,
    },
    {"office_key": obj({"box_pk": b64u(32), "grant": b64u(80)}), "log_entry": LOG_ENTRY},
)
ARTICLE = obj(
    {"slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, "title": STR, "body_markdown": STR},
    {"published": BOOL, "publish_at": INT, "expires_at": {"type": ["integer", "null"]}},
)

OPS: tuple[Op, ...] = (
    # the office, its keys and log
    Op("GET", "/api/v1/office", "The office's public description and keys", None, errors=(404,), answer=OFFICE),
    Op(
        "GET",
        "/api/v1/office/grants",
        "Your own grants of the office key",
        "member",
        answer=items(obj({"version": INT, "box_pk": B64U, "grant": B64U})),
    ),
    Op(
        "POST",
        "/api/v1/office/grants",
        "Grant the office key to a member",
        "member",
        201,
        obj({"member_id": STR, "version": INT, "grant": b64u(80)}, {"log_entry": LOG_ENTRY}),
        (404, 409),
    ),
    Op(
        "POST",
        "/api/v1/office/grants/unopenable",
        "Report that your own grant of a key version does not open (colleagues may then grant it again)",
        "member",
        body=obj({"version": INT}),
        errors=(404,),
        answer=obj({"version": INT, "unopenable": BOOL}),
    ),
    Op(
        "PUT",
        "/api/v1/office/grants/{member_id}",
        "Grant again a key version whose grant its member reported as not opening",
        "member",
        body=obj({"version": INT, "grant": b64u(80)}),
        errors=(404, 409),
        answer=obj({"member_id": STR, "version": INT}),
    ),
    Op(
        "GET",
        "/api/v1/office/log",
        "The signed office log",
        None,
        errors=(404,),
        query={"after": INT},
        answer=obj({"entries": {"type": "array"}, "length": INT, "head": STR_OR_NULL}),
    ),
    Op(
        "POST",
        "/api/v1/office/log",
        "Append an entry to the office log",
        "member",
        201,
        obj({"entry": LOG_ENTRY}, {"grants": GRANTS}),
        (409,),
    ),
    Op("GET", "/api/v1/office/pin", "Your pin of the log, sealed to you", "member", answer=PIN),
    Op("PUT", "/api/v1/office/pin", "Store your pin", "member", 200, ENV_BODY),
    # members
    Op("POST", "/api/v1/enrol/start", "Start enrolling with an invitation", None, 200, obj({"token": STR}), (404, 409)),
    Op("POST", "/api/v1/enrol/finish", "Finish enrolling", None, 201, ENROLMENT, (404, 409)),
    Op("GET", "/api/v1/members/pending", "Members awaiting a grant or co-signature", "member", answer=items()),
    Op(
        "POST",
        "/api/v1/members/{member_id}/propose",
        "Propose an admission",
        "member",
        201,
        obj({"log_entry": LOG_ENTRY}),
        (404, 409),
    ),
    Op(
        "POST",
        "/api/v1/members/{member_id}/remove",
        "Remove a member",
        "member",
        200,
        obj({"office_key": obj({"version": INT, "box_pk": b64u(32), "grants": GRANTS})}, {"log_entry": LOG_ENTRY}),
        (404, 409),
    ),
    # signing in
    Op(
        "POST",
        "/api/v1/pow",
        "A proof-of-work puzzle",
        None,
        200,
        None,
        (404, 429),
        answer=obj({"challenge": b64u(16), "difficulty": INT, "expires_at": TIME}),
    ),
    Op("POST", "/api/v1/auth/challenge", "A sign-in challenge", None, 200, WHO, (404, 429)),
    Op("POST", "/api/v1/auth/session", "Sign in", None, 200, SIGN_IN, (401, 404, 409, 429)),
    Op("DELETE", "/api/v1/auth/session", "Sign out", "any"),
    # passkeys
    Op("POST", "/api/v1/passkeys/options", "WebAuthn options", "member"),
    Op("GET", "/api/v1/passkeys", "Your passkeys", "member", answer=items(required=BOOL)),
    Op(
        "POST",
        "/api/v1/passkeys",
        "Register a passkey",
        "member",
        201,
        obj({"name": STR, "credential": OBJECT, "challenge": b64u(32)}),
    ),
    Op("DELETE", "/api/v1/passkeys/{passkey_id}", "Remove a passkey", "member", errors=(404, 409)),
    Op(
        "PUT",
        "/api/v1/passkeys/{passkey_id}/unlock",
        "Let a passkey unlock your keys",
        "member",
        200,
        obj({"wrapped": SEALED}),
        (404,),
    ),
    Op("DELETE", "/api/v1/passkeys/{passkey_id}/unlock", "Stop a passkey unlocking your keys", "member", errors=(404,)),
    # alerts
    Op("GET", "/api/v1/alerts", "Your alert address", "member", answer=ALERTS),
    Op(
        "PUT",
        "/api/v1/alerts",
        "Set your alert address",
        "member",
        200,
        obj({"email": {"type": "string", "format": "email"}}),
        (409,),
    ),
    Op("DELETE", "/api/v1/alerts", "Drop your alert address", "member", answer=ALERTS),
    # cases
    Op("POST", "/api/v1/cases", "Open a case (proof of work)", None, 201, NEW_CASE, (404, 409, 429)),
    Op("GET", "/api/v1/cases", "The inbox", "member", answer=items(CASE)),
    Op("GET", "/api/v1/cases/{case_id}", "A case", "any", errors=(404, 410), answer=CASE),
    Op("DELETE", "/api/v1/cases/{case_id}", "Destroy a case", "any", errors=(404, 410)),
    Op(
        "PUT",
        "/api/v1/cases/{case_id}/assignee",
        "Assign a case",
        "member",
        200,
        obj({"member_id": {"type": ["string", "null"]}}),
        (404,),
        answer=CASE,
    ),
    Op(
        "PUT",
        "/api/v1/cases/{case_id}/urgent",
        "Mark a case urgent or not",
        "member",
        200,
        obj({"urgent": BOOL}),
        (404,),
        answer=CASE,
    ),
    Op("POST", "/api/v1/cases/{case_id}/close", "Close a case", "member", errors=(404,), answer=CASE),
    Op("POST", "/api/v1/cases/{case_id}/reopen", "Reopen a case", "member", errors=(404,), answer=CASE),
    Op(
        "POST",
        "/api/v1/cases/{case_id}/covenant",
        "Accept the confidentiality covenant",
        "visitor",
        200,
        obj({"version": {"type": "integer", "minimum": 1}}),
        (409,),  # stale_covenant: not the current statement
    ),
    Op("POST", "/api/v1/cases/{case_id}/flag/acknowledge", "Acknowledge a flag", "member", errors=(404,), answer=CASE),
    Op(
        "PUT",
        "/api/v1/cases/{case_id}/bookmark",
        "Your sealed label and read marker",
        "member",
        200,
        obj({"bookmark": SEALED}),
        (404,),
    ),
    Op("GET", "/api/v1/cases/{case_id}/pin", "The visitor's pin", "visitor", errors=(404,), answer=PIN),
    Op("PUT", "/api/v1/cases/{case_id}/pin", "Store the visitor's pin", "visitor", 200, ENV_BODY, (404,)),
    Op("GET", "/api/v1/destructions", "The destruction log", "member", answer=items()),
    Op(
        "GET",
        "/api/v1/office/bookmarks",
        "Your labels and read markers",
        "member",
        answer=items(obj({"case_id": STR, "bookmark": SEALED})),
    ),
    # items
    Op(
        "POST",
        "/api/v1/cases/{case_id}/messages",
        "Post an envelope (201; 200 when the same item was posted before)",
        "any",
        201,
        ENVELOPE,
        (404, 409, 410, 429),
        {"flag": {"type": "string", "enum": ["true", "false"]}},
        answer=obj({"id": STR, "received_at": TIME, "expires_at": TIME_OR_NULL, "flagged": BOOL}),
        again=True,
    ),
    Op(
        "GET",
        "/api/v1/cases/{case_id}/messages",
        "A case's items",
        "any",
        errors=(404, 410),
        query={"after": INT, "limit": {"type": "integer", "minimum": 1}},
        answer=items(ITEM, cursor=STR),
    ),
    Op("POST", "/api/v1/cases/{case_id}/messages/{item_id}/flag", "Flag an item", "visitor", errors=(404, 410)),
    Op("POST", "/api/v1/cases/{case_id}/messages/{item_id}/open", "Open an item", "any", errors=(404, 410)),
    Op("GET", "/api/v1/cases/{case_id}/messages/{item_id}/views", "An item's views", "any", errors=(404, 410)),
    Op(
        "GET",
        "/api/v1/trace",
        "Which opening a view code names",
        "member",
        errors=(404,),
        query={"code": {"type": "string"}},
    ),
    # records
    Op("GET", "/api/v1/office/exceptions", "Exceptions to confidentiality", "member", answer=items()),
    Op("POST", "/api/v1/office/exceptions", "Record an exception", "member", 201, ENVELOPE, (409,)),
    Op("GET", "/api/v1/office/case-tags", "The office's case tags", "member", answer=items()),
    Op(
        "POST",
        "/api/v1/office/case-tags",
        "Record a case's tags",
        "member",
        201,
        {**obj({"envelope": ENVELOPE}, {"replaces": {"type": ["string", "null"]}}), "additionalProperties": False},
        (404, 409),
    ),
    # guidance
    Op("GET", "/api/v1/articles", "Published guidance pages", None, answer=items(ARTICLE_SUMMARY)),
    Op("GET", "/api/v1/articles/{slug}", "A published guidance page", None, errors=(404, 410)),
    Op("GET", "/api/v1/office/articles", "Every guidance page", "member", answer=items()),
    Op("POST", "/api/v1/office/articles", "Write a guidance page", "member", 201, ARTICLE, (409,)),
    Op("PUT", "/api/v1/office/articles/{article_id}", "Change a guidance page", "member", 200, ARTICLE, (404, 409)),
    Op("DELETE", "/api/v1/office/articles/{article_id}", "Delete a guidance page", "member", errors=(404,)),
    Op("GET", "/api/v1/office/templates", "Reply templates", "member", answer=items()),
    Op("POST", "/api/v1/office/templates", "Save a reply template", "member", 201, ENVELOPE, (409,)),
    Op("DELETE", "/api/v1/office/templates/{template_id}", "Delete a reply template", "member", errors=(404,)),
    # this document
    Op("GET", "/api/v1/openapi.json", "This document", None),
)

ROLE_TEXT = {"member": "Members only.", "visitor": "The case's visitor only.", "any": "A member or the case's visitor."}


def _operation(op: Op) -> Schema:
    statuses = set(op.errors)
    parameters: list[Schema] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in _path_names(op.path)
    ]
    parameters += [{"name": name, "in": "query", "required": False, "schema": s} for name, s in op.query.items()]
    if op.query:
        statuses.add(400)
    if op.role:
        statuses |= {401, 403}
        if op.path.startswith("/api/v1/cases/{case_id}"):
            statuses |= {404, 410}
    operation: Schema = {
        "operationId": f"{op.method.lower()} {op.path}",
        "summary": op.summary,
        "parameters": parameters,
        "security": [{"bearer": []}] if op.role else [],
    }
    if op.role:
        operation["description"] = ROLE_TEXT[op.role]
    if op.body is not None:
        statuses |= {400, 413}
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": op.body}}}
    if op.role and op.body is None and op.method != "GET":
        statuses.add(400)  # bodiless writes still refuse a malformed path parameter
    responses: Schema = {str(op.ok): {"description": "Done.", "content": {"application/json": {"schema": op.answer}}}}
    if op.again:
        responses["200"] = {
            "description": "Already there, the same.",
            "content": {"application/json": {"schema": op.answer}},
        }
    for status in sorted(statuses):
        responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
    operation["responses"] = responses
    return operation


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


@cache
def document() -> Schema:
    paths: Schema = {}
    for op in OPS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sottovoce",
            "version": "1",
            "description": "The portal's HTTP API (PROTOCOL.md section 8). The server relays sealed envelopes.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "From POST /auth/session.",
                }
            },
            "schemas": {"Error": ERROR, "Envelope": ENVELOPE},
            "responses": {
                f"E{status}": {
                    "description": text,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
                for status, text in STATUS_TEXT.items()
            },
        },
    }


@bp.get("/openapi.json")
def get_openapi() -> Response:
    return jsonify(document())  # cacheable: portal/security.py, PUBLIC_DOCUMENTS
