"""Checks of the office-log vectors (docs/protocol/vectors/log.json), as crypto/vectors.py checks
the rest; static/js/crypto/vectors-log.js mirrors it."""

from collections.abc import Callable, Iterator
from typing import Any

from crypto.encoding import b64u_decode, b64u_encode
from crypto.errors import LogError
from crypto.log import fingerprint_from_link, member_fingerprint, member_record, parse_entry
from crypto.log_state import LogState, verify_log


class VectorFailure(AssertionError):
    pass


def _expect(cond: bool, what: str) -> None:
    if not cond:
        raise VectorFailure(what)


def _check_valid(office_id: str, case: dict[str, Any]) -> LogState:
    state = verify_log(case["entries"], office_id)
    want = case["expect"]
    _expect(state.length == want["length"], f"{case['name']}: length")
    _expect(b64u_encode(state.head) == want["head"], f"{case['name']}: head")
    _expect(state.fingerprint == want["fingerprint"], f"{case['name']}: fingerprint")
    _expect(state.short_code == want["short_code"], f"{case['name']}: short code")
    current = [{"member_id": m.member_id, "display_name": m.display_name} for m in state.current_members()]
    _expect(current == want["current_members"], f"{case['name']}: current members")
    former = sorted(i for i, m in state.members.items() if not m.current)
    _expect(former == want["former_members"], f"{case['name']}: former members")
    _expect(state.current_key.to_json() == want["current_key"], f"{case['name']}: current key")
    return state


def _refused_at(entries: list[Any]) -> int | None:
    """The seq of the first entry a verifier refuses, or None if it takes them all."""
    state = LogState()
    for at, raw in enumerate(entries):
        try:
            state.apply(parse_entry(raw))
        except LogError:
            return at
    return None


def log_cases(v: dict[str, Any]) -> Iterator[tuple[str, Callable[[Any], None], Any]]:
    """(name, check, vector) for each case of log.json, one result line each."""
    office_id = v["office_id"]
    logs = {case["name"]: case for case in v["valid"]}

    def state_of(name: str) -> LogState:
        return verify_log(logs[name]["entries"], office_id)

    for case in v["valid"]:
        yield f"log.json valid[{case['name']}]", _valid_in(office_id), case
    for case in v["invalid"]:
        yield f"log.json invalid ({case['reason']})", _check_invalid, case
    for case in v["senders"]["cases"]:
        yield f"log.json sender ({case['why']})", lambda c: _check_sender(state_of(v["senders"]["log"]), c), case
    for case in v["pins"]["cases"]:
        yield f"log.json pin ({case['why']})", lambda c: _check_pin(state_of(v["pins"]["log"]), c), case
    for i, case in enumerate(v["member_fingerprints"]):
        yield f"log.json member_fingerprints[{i}]", _check_member_fingerprint, case
    for i, case in enumerate(v["links"]):
        yield f"log.json links[{i}]", _check_link, case


def _valid_in(office_id: str) -> Callable[[Any], None]:
    def check(case: dict[str, Any]) -> None:
        _check_valid(office_id, case)

    return check


def _check_invalid(case: dict[str, Any]) -> None:
    _expect(_refused_at(case["entries"]) == case["bad_at"], f"refused at {case['bad_at']}")


def _check_sender(state: LogState, case: dict[str, Any]) -> None:
    try:
        got: str | None = state.item_sender(
            b64u_decode(case["sign_pk"]), case["sent_at"], case["recipient_kids"]
        ).member_id
    except LogError:
        got = None
    _expect(got == case["member_id"], "sender accepted or refused")


def _check_pin(state: LogState, case: dict[str, Any]) -> None:
    pin = case["pin"]
    extends = pin["fingerprint"] == state.fingerprint and state.extends(pin["length"], b64u_decode(pin["head"]))
    _expect(extends == case["extends"], "extends")


def _check_member_fingerprint(case: dict[str, Any]) -> None:
    _expect(member_fingerprint(member_record(case["member"])) == case["fingerprint"], "member fingerprint")


def _check_link(case: dict[str, Any]) -> None:
    _expect(fingerprint_from_link(case["fragment"]) == case["fingerprint"], "fingerprint from the link")
