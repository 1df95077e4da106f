"""No input crashes the server: arbitrary JSON at every endpoint answers a JSON 4xx, never a 500."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import Office, Visitor, bearer

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)
ENVELOPE_LIKE = st.fixed_dictionaries(
    {"header": st.text(max_size=80), "ciphertext": st.text(max_size=80), "sig": st.text(max_size=90)}
)


def _paths(visitor: Visitor) -> list[tuple[str, str]]:
    case = f"/api/v1/cases/{visitor.case_id}"
    return [
        ("POST", "/api/v1/cases"),
        ("POST", "/api/v1/auth/challenge"),
        ("POST", "/api/v1/auth/session"),
        ("POST", "/api/v1/enrol/start"),
        ("POST", "/api/v1/enrol/finish"),
        ("POST", f"{case}/messages"),
        ("POST", f"{case}/covenant"),
        ("POST", "/api/v1/office/grants"),
        ("POST", "/api/v1/office/articles"),
        ("POST", "/api/v1/office/templates"),
        ("POST", f"/api/v1/members/{visitor.case_id}/remove"),  # (no member has that id)
        ("POST", "/api/v1/office/log"),
        ("PUT", f"{case}/pin"),
        ("PUT", "/api/v1/office/pin"),
        ("POST", f"/api/v1/members/{visitor.case_id}/propose"),  # (no member has that id)
        ("POST", "/api/v1/passkeys"),
        ("PUT", f"{case}/urgent"),
        ("PUT", f"{case}/assignee"),
        ("PUT", f"{case}/bookmark"),
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=JSON | ENVELOPE_LIKE | st.fixed_dictionaries({"office_key": JSON}),
    which=st.integers(min_value=0, max_value=18),
    signed_in=st.booleans(),
)
def test_arbitrary_json_never_crashes(office: Office, visitor: Visitor, body: Any, which: int, signed_in: bool) -> None:
    method, path = _paths(visitor)[which]
    headers = bearer(visitor.token if which in (5, 6, 12) else office.members[0].token) if signed_in else {}
    answer = office.client.open(path, method=method, json=body, headers=headers)
    assert 400 <= answer.status_code < 500, (path, body, answer.status_code, answer.json)
    assert answer.json is not None
    assert set(answer.json["error"]) == {"code", "message"}
