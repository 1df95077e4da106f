"""Hostile input answers a clear JSON 4xx and changes nothing: digits of other scripts in a
query, lone surrogates in a body or a token, and a sweep of every route with a few of each."""

from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.test import TestResponse

from crypto.encoding import b64u_decode, b64u_encode
from portal.db import Base
from portal.web import EXTENSION
from tests.factories import Office, Visitor, bearer


def stored(office: Office) -> dict[str, list[str]]:
    """Every row of every table, as text: compared before and after, it shows nothing changed.
    Rate buckets aside: a refused post still counts against its own sender's post rate (a flood of
    bad posts is a flood), and that bucket is the sender's alone."""
    engine = office.app.extensions[EXTENSION]["engine"]
    with engine.connect() as conn:
        tables = [t for t in Base.metadata.sorted_tables if t.name != "rate_bucket"]
        return {t.name: sorted(repr(tuple(row)) for row in conn.execute(select(t))) for t in tables}


def refused(answer: TestResponse, status: int, code: str) -> None:
    assert answer.status_code == status, (answer.status_code, answer.json)
    assert answer.json is not None
    assert set(answer.json["error"]) == {"code", "message"}
    assert answer.json["error"]["code"] == code


@pytest.mark.parametrize(
    "query",
    [
        "limit=²",
        "after=¹",
        "limit=١٠",  # Arabic-Indic digits: int() reads them as 10
        "after=٣",
        "limit=+5",
        "limit=5 ",
        "after=-1",
        "after=" + "1" * 5000,  # past 4300 digits int() raises
        "limit=0",
        "limit=501",
    ],
)
def test_a_listing_takes_ascii_digits_only(office: Office, visitor: Visitor, query: str) -> None:
    before = stored(office)
    answer = office.client.get(
        f"/api/v1/cases/{visitor.case_id}/messages?{query}", headers=bearer(office.members[0].token)
    )
    refused(answer, 400, "invalid_query")
    assert stored(office) == before


def test_a_listing_still_takes_leading_zeros(office: Office, visitor: Visitor) -> None:
    answer = office.client.get(
        f"/api/v1/cases/{visitor.case_id}/messages?after={'0' * 5000}&limit=0010", headers=bearer(visitor.token)
    )
    assert answer.status_code == 200, answer.json


@pytest.mark.parametrize("query", ["after=¹", "after=٣", "after=" + "9" * 5000])
def test_the_office_log_takes_ascii_digits_only(office: Office, query: str) -> None:
    refused(office.client.get(f"/api/v1/office/log?{query}"), 400, "invalid_query")


def _raw(office: Office, path: str, text: str, headers: dict[str, str] | None = None) -> TestResponse:
    """``text`` sent as it is: the test client's json= would refuse to encode a lone surrogate."""
    return office.client.post(path, data=text.encode("ascii"), content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/challenge", '{"role":"member","username":"\\ud800"}'),
        ("/api/v1/auth/challenge", '{"role":"member","username":"alice\\udfff"}'),
        ("/api/v1/auth/challenge", '{"role":"member","username":"alice","\\ud800":1}'),
        (
            "/api/v1/auth/session",
            '{"role":"member","username":"\\udbff","challenge":"' + "A" * 43 + '","sig":"' + "A" * 86 + '","totp":"1"}',
        ),
        ("/api/v1/enrol/start", '{"token":"\\ud800"}'),
        ("/api/v1/enrol/finish", '{"token":"x","display_name":"\\ud800"}'),
        ("/api/v1/cases", '{"sign_pk":"\\ud800","box_pk":"x","pow":{"challenge":"\\ud800","nonce":1}}'),
    ],
)
def test_a_lone_surrogate_in_a_body_is_refused(office: Office, path: str, body: str) -> None:
    before = stored(office)
    refused(_raw(office, path, body), 400, "malformed_json")
    assert stored(office) == before


def test_a_lone_surrogate_anywhere_in_a_signed_in_body_is_refused(office: Office, visitor: Visitor) -> None:
    before = stored(office)
    member = bearer(office.members[0].token)
    case = f"/api/v1/cases/{visitor.case_id}"
    nested = '{"header":"a","ciphertext":"b","sig":"c","deep":[[{"x":["\\ud800"]}]]}'
    refused(_raw(office, f"{case}/messages", nested, bearer(visitor.token)), 400, "malformed_json")
    refused(_raw(office, "/api/v1/office/articles", '{"title":"\\ud800"}', member), 400, "malformed_json")
    answer = office.client.put(
        f"{case}/assignee", data=b'{"member_id":"\\udc00"}', content_type="application/json", headers=member
    )
    refused(answer, 400, "malformed_json")
    assert stored(office) == before


def test_a_proper_surrogate_pair_is_text_like_any_other(office: Office) -> None:
    # "\ud83d\ude00" is one character (an emoji): a username that does not exist, nothing more.
    answer = _raw(office, "/api/v1/auth/challenge", '{"role":"member","username":"\\ud83d\\ude00"}')
    assert answer.status_code == 200, answer.json


@pytest.mark.parametrize("token", ["\ud800", "é", "abc\udfffdef", "A" * 5000, "tok en", "\x00"])
def test_a_strange_bearer_token_is_a_session_that_ended(office: Office, visitor: Visitor, token: str) -> None:
    before = stored(office)
    headers = {"Authorization": f"Bearer {token}"}
    answer = office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=headers)
    assert answer.status_code == 401, answer.json
    assert answer.json is not None
    assert answer.json["error"]["code"] in ("no_token", "session_ended")
    assert stored(office) == before


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_an_envelope_whose_header_holds_nan_or_infinity_is_refused(
    office: Office, visitor: Visitor, constant: bytes
) -> None:
    # The browser's strict parser refuses these; so does the server, before the signature.
    env = office.visitor_envelope(visitor).to_json()
    header = b64u_decode(env["header"])
    forged = {**env, "header": b64u_encode(header[:-1] + b',"x":' + constant + b"}")}
    before = stored(office)
    answer = office.client.post(f"/api/v1/cases/{visitor.case_id}/messages", json=forged, headers=bearer(visitor.token))
    refused(answer, 400, "invalid_envelope")
    assert stored(office) == before


@pytest.mark.parametrize(
    ("path", "query", "location"),
    [
        ("/office", "", "/office/"),
        ("/guidance", "lang=fr&x=%2F%2Fa", "/guidance/?lang=fr&x=%2F%2Fa"),
        ("//office", "", "/office/"),  # merged slashes
        ("///guidance", "", "/guidance/"),
    ],
)
@pytest.mark.parametrize("host", ["evil.example", "evil.example:8443", "localhost@evil.example"])
def test_a_redirect_goes_to_a_path_whatever_the_host_header(
    office: Office, path: str, query: str, location: str, host: str
) -> None:
    answer = office.client.get(
        "/", headers={"Host": host}, environ_overrides={"PATH_INFO": path, "QUERY_STRING": query}
    )
    assert answer.status_code == 308
    assert answer.headers["Location"] == location
    assert "evil" not in answer.get_data(as_text=True)


def test_a_nul_in_a_path_names_nothing(office: Office, visitor: Visitor) -> None:
    # PostgreSQL text cannot hold NUL: such a path matches no route, on both engines.
    member = bearer(office.members[0].token)
    for path in (
        f"/api/v1/cases/{visitor.case_id}%00/messages",
        "/api/v1/cases/%00/messages",
        "/api/v1/articles/a%00b",
    ):
        answer = office.client.get(path, headers=member)
        # 405 where another method's rule has that path: Werkzeug says so before it checks the value.
        assert answer.status_code in (404, 405), (path, answer.status_code)
        assert answer.json is not None
        assert set(answer.json["error"]) == {"code", "message"}
    assert office.client.get("/guidance/a%00b").status_code == 404


def test_a_nul_in_a_body_is_refused(office: Office) -> None:
    before = stored(office)
    refused(_raw(office, "/api/v1/auth/challenge", '{"role":"member","username":"a\\u0000b"}'), 400, "malformed_json")
    body = '{"slug":"s","title":"t\\u0000","body_markdown":"b","published":true}'
    refused(_raw(office, "/api/v1/office/articles", body, bearer(office.members[0].token)), 400, "malformed_json")
    assert stored(office) == before


@pytest.mark.parametrize(
    "times",
    [
        {"publish_at": 2**63},
        {"publish_at": -(2**70)},
        {"publish_at": -1},
        {"publish_at": 0, "expires_at": 2**64},
        {"publish_at": 1, "expires_at": 2**62},  # stored, it made every guidance page answer 500
    ],
)
def test_a_guidance_page_dated_past_what_can_be_printed_is_refused(office: Office, times: dict[str, int]) -> None:
    before = stored(office)
    body = {"slug": "far", "title": "Far", "body_markdown": "b", "published": True, **times}
    answer = office.client.post("/api/v1/office/articles", json=body, headers=bearer(office.members[0].token))
    refused(answer, 400, "invalid_field")
    assert stored(office) == before
    assert office.client.get("/guidance/").status_code == 200


PATH_VALUES = ["%00", "x%00y", "é", "%ED%A0%80", "a" * 3000, "%F0%9F%98%80", "..%2F..%2Fetc"]
QUERIES = [
    "after=%C2%B9&limit=%C2%B2",
    "after=-1",
    "limit=" + "9" * 30,
    "after=%00",
    "flag=%00",
    "flag=true&flag=false",
    "code=" + "%00" * 10,
    "code=" + "A" * 16,
    "a=%FF&a=1",
]
BODIES = [
    b"",
    b"null",
    b"[]",
    b"{",
    b'{"a":NaN}',
    b'{"a":1e999}',
    b'{"a":' + b"9" * 5000 + b"}",
    b"[" * 5000,
    b'"\\ud800"',
    b'{"\\ud800":1}',
    b"\xff\xfe",
    b'{"x":"\\u0000"}',
    b'{"version":1e400,"member_id":[],"label":{},"read":-1,"publish_at":1e400}',
]
HEADERS = [
    {"Content-Type": "application/json; charset=utf-16"},
    {"Content-Type": "text/plain"},
    {"Authorization": "Bearer"},
    {"Authorization": "Basic Zm9vOmJhcg=="},
    {"Authorization": "Bearer " + "A" * 10000},
    {"Accept": "\x00"},
]


def test_every_route_answers_hostile_input_without_a_500(office: Office, visitor: Visitor) -> None:
    """A quick sweep: every route, with strange path parameters, queries, headers and bodies,
    as a member and as the visitor. Routes that end a session (DELETE) get strange paths only."""
    failures: list[tuple[str, str, int]] = []

    def check(method: str, path: str, **kwargs: Any) -> None:
        answer = office.client.open(path, method=method, **kwargs)
        api_not_json = path.startswith("/api/") and (
            answer.json is None or set(answer.json.get("error", {})) not in ({"code", "message"}, set())
        )
        if answer.status_code >= 500 or api_not_json:
            failures.append((method, path[:80], answer.status_code))

    for rule in office.app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):

            def fill(value: str, rule: Any = rule) -> str:
                path = str(rule.rule)
                for name in rule.arguments:
                    path = path.replace(f"<{name}>", value).replace(f"<path:{name}>", value)
                return path

            for token in (office.members[0].token, visitor.token):
                auth = bearer(token)
                for value in PATH_VALUES:
                    check(method, fill(value), headers=auth)
                if method == "DELETE":
                    continue
                real = fill(visitor.case_id)
                for query in QUERIES:
                    check(method, f"{real}?{query}", headers=auth)
                for extra in HEADERS:
                    check(method, real, headers={**auth, **extra}, data=b'{"a":1}')
                if method != "GET":
                    for body in BODIES:
                        check(method, real, headers=auth, data=body, content_type="application/json")
    assert failures == []
