"""Every response carries the security headers; every API error is JSON; pages load only our files."""

import re

import pytest

from tests.factories import Office, Visitor, bearer


@pytest.mark.parametrize("path", ["/", "/office/", "/office/enrol", "/api/v1/office", "/api/v1/nowhere"])
def test_security_headers_everywhere(office: Office, path: str) -> None:
    answer = office.client.get(path)
    csp = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "require-trusted-types-for 'script'" in csp
    assert "unsafe-inline" not in csp
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Cache-Control"] == "no-store"


def test_pages_reference_no_third_party_and_no_inline_code(office: Office) -> None:
    for path in ("/", "/office/", "/office/enrol"):
        html = office.client.get(path).get_data(as_text=True)
        assert not re.search(r"(src|href)=\"(https?:)?//", html), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script in {path}"
        assert " style=" not in html, path
        assert "<style" not in html, path
        assert not re.search(r"\son[a-z]+=", html), path


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/nowhere", 404),
        ("PUT", "/api/v1/office", 405),
        ("POST", "/api/v1/cases", 400),
        ("POST", "/api/v1/auth/challenge", 400),
        ("POST", "/api/v1/auth/session", 400),
        ("GET", "/api/v1/cases", 401),
        ("POST", "/api/v1/enrol/start", 400),
        ("POST", "/api/v1/office/grants", 401),
    ],
)
def test_api_errors_are_json(office: Office, method: str, path: str, status: int) -> None:
    answer = office.client.open(path, method=method)
    assert answer.status_code == status
    assert answer.json is not None
    assert set(answer.json["error"]) == {"code", "message"}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"sign_pk": "x", "box_pk": "y", "pow": {}},
        {"sign_pk": "A" * 43, "box_pk": "A" * 43, "pow": {"challenge": "A" * 22, "nonce": -1}},
        {"sign_pk": "A" * 43, "box_pk": "A" * 43, "pow": {"challenge": "A" * 22, "nonce": 2**64}},
        {"sign_pk": "A" * 43, "box_pk": "A" * 43, "pow": {"challenge": "A" * 22, "nonce": "1"}},
        {"sign_pk": "A" * 43, "box_pk": "A" * 43, "pow": {"challenge": "A" * 22, "nonce": 1}},
    ],
)
def test_bad_case_creation_is_refused(office: Office, body: dict[str, object]) -> None:
    before = office.client.get("/api/v1/cases", headers=bearer(office.members[0].token)).json
    answer = office.client.post("/api/v1/cases", json=body)
    assert answer.status_code == 400
    assert office.client.get("/api/v1/cases", headers=bearer(office.members[0].token)).json == before


def test_proof_of_work_is_single_use(office: Office, visitor: Visitor) -> None:
    from crypto.encoding import b64u_decode
    from crypto.pow import solve_pow

    pow_ = office.client.post("/api/v1/pow").json
    assert pow_ is not None
    nonce = solve_pow(b64u_decode(pow_["challenge"]), pow_["difficulty"])
    key = "AQ" * 21 + "A"
    body = {"sign_pk": key, "box_pk": key, "pow": {"challenge": pow_["challenge"], "nonce": nonce}}
    assert office.client.post("/api/v1/cases", json=body).status_code == 201
    body["sign_pk"] = "Ag" * 21 + "A"
    assert office.client.post("/api/v1/cases", json=body).status_code == 400


def test_unexpected_query_values_are_refused(office: Office, visitor: Visitor) -> None:
    for query in ("after=-1", "after=abc", "limit=0", "limit=100000"):
        answer = office.client.get(f"/api/v1/cases/{visitor.case_id}/messages?{query}", headers=bearer(visitor.token))
        assert answer.status_code == 400, query
