"""Checks the protocol against a folder of test vectors laid out like shared/spec/vectors."""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey

from crypto.auth import auth_message, sign_challenge, verify_challenge
from crypto.bookmark import Bookmark, open_bookmark, seal_bookmark
from crypto.case_tags import CaseTags, open_tags, parse_tags, quarter_of
from crypto.consent import ConsentRequest, consent_digest, consent_state, parse_request, verify_answer
from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import open_envelope
from crypto.errors import ConsentError, EnvelopeError, ProtocolError
from crypto.keys import KdfParams, fingerprint, kid, normalize_codename, visitor_keys, visitor_salt
from crypto.member import password_keys, unwrap_bundle
from crypto.passkey_unlock import prf_salt, unwrap_with_passkey
from crypto.pow import pow_ok
from crypto.vectors_log import log_cases
from crypto.viewcode import code_from_mark_bits, mark_bits, normalize_view_code


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str = ""


Check = Callable[[Any], None]


def _expect(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)


def _kdf(v: dict[str, Any]) -> KdfParams:
    return KdfParams(ops=v["kdf"]["ops"], mem=v["kdf"]["mem"])


def check_visitor_keys(v: dict[str, Any]) -> None:
    _expect(normalize_codename(v["codename"]) == v["normalized"], "normalized codename")
    _expect(b64u_encode(visitor_salt(v["office_id"])) == v["salt"], "salt")
    keys = visitor_keys(v["codename"], v["office_id"], _kdf(v))
    _expect(b64u_encode(keys.sign_pk) == v["sign_pk"], "sign_pk")
    _expect(b64u_encode(keys.box_pk) == v["box_pk"], "box_pk")
    _expect(kid(keys.box_pk) == v["kid"], "kid")
    _expect(fingerprint(keys.box_pk) == v["fingerprint"], "fingerprint")


def check_member_bundle(v: dict[str, Any]) -> None:
    # The vectors use small parameters on purpose; clients refuse them for real members.
    pk = password_keys(v["password"], b64u_decode(v["salt"]), _kdf(v), enforce_floor=False)
    _expect(b64u_encode(pk.auth_pk) == v["auth_pk"], "auth_pk")
    bundle = unwrap_bundle(v["bundle"], pk.wrapping_key, v["member_id"])
    _expect(b64u_encode(bundle.sign_pk) == v["sign_pk"], "sign_pk")
    _expect(b64u_encode(bundle.box_pk) == v["box_pk"], "box_pk")


def check_pow(v: dict[str, Any]) -> None:
    challenge = b64u_decode(v["challenge"])
    _expect(pow_ok(challenge, v["difficulty"], v["valid_nonce"]), "valid nonce accepted")
    _expect(not pow_ok(challenge, v["difficulty"], v["invalid_nonce"]), "invalid nonce refused")


def check_auth(v: dict[str, Any]) -> None:
    seed = b64u_decode(v["sign_seed"])
    pk = bytes(SigningKey(seed).verify_key)
    challenge = b64u_decode(v["challenge"])
    _expect(b64u_encode(pk) == v["sign_pk"], "sign_pk")
    _expect(auth_message(v["office_id"], challenge).hex() == v["message_hex"], "message")
    _expect(b64u_encode(sign_challenge(seed, v["office_id"], challenge)) == v["sig"], "signature")
    verify_challenge(pk, v["office_id"], challenge, b64u_decode(v["sig"]))


def check_view_codes(v: dict[str, Any]) -> None:
    for case in v["normalize"]:
        _expect(normalize_view_code(case["typed"]) == case["code"], f"normalize {case['typed']!r}")
    for case in v["marks"]:
        _expect(mark_bits(case["code"]) == case["bits"], f"mark bits of {case['code']}")
        _expect(
            code_from_mark_bits(case["bits"]) == normalize_view_code(case["code"]), f"code from {case['code']}'s bits"
        )
    for case in v["bad_marks"]:
        _expect(code_from_mark_bits(case["bits"]) is None, f"refuse a mark: {case['why']}")


def check_passkey_unlock(v: dict[str, Any]) -> None:
    _expect(b64u_encode(prf_salt(v["office_id"], v["username"])) == v["prf_salt"], "prf salt")
    prf_output = b64u_decode(v["prf_output"], 32)
    bundle = unwrap_with_passkey(v["wrapped"], prf_output, v["member_id"])
    _expect(b64u_encode(bundle.sign_pk) == v["sign_pk"], "sign_pk")
    _expect(b64u_encode(bundle.box_pk) == v["box_pk"], "box_pk")
    try:
        unwrap_with_passkey(v["wrapped"], prf_output, v["member_id"] + "x")
    except EnvelopeError:
        return
    raise AssertionError("opened for another member id")


def check_bookmarks(v: dict[str, Any]) -> None:
    box_sk, nonce = b64u_decode(v["box_sk"], 32), b64u_decode(v["nonce"], 24)
    for i, case in enumerate(v["opens"]):
        opened = open_bookmark(case["sealed"], box_sk=box_sk, member_id=v["member_id"], case_id=v["case_id"])
        _expect(opened == Bookmark(case["label"], case["read"]), f"opens[{i}]")
        again = seal_bookmark(opened, box_sk=box_sk, member_id=v["member_id"], case_id=v["case_id"], nonce=nonce)
        _expect(again == case["sealed"], f"opens[{i}] sealed again")
    for case in v["refused"]:
        try:
            open_bookmark(case["sealed"], box_sk=box_sk, member_id=case["member_id"], case_id=case["case_id"])
        except EnvelopeError:
            continue
        raise AssertionError(f"opened a bookmark to refuse: {case['why']}")


def check_consent(v: dict[str, Any]) -> None:
    r = v["request"]
    visitor, members = b64u_decode(v["visitor_sign_pk"], 32), {b64u_decode(pk, 32) for pk in v["member_sign_pks"]}
    expected = ConsentRequest(r["body"], r["with"], r["named"], r["until"])
    _expect(b64u_encode(consent_digest(r["envelope"])) == r["digest"], "request digest")
    for opener in ("office_box_sk", "visitor_box_sk"):
        box_sk = b64u_decode(v[opener], 32)
        opened = open_envelope(r["envelope"], box_sk, members, v["case"])
        _expect(parse_request(opened.payload) == expected, f"request as opened with {opener}")
        for i, a in enumerate(v["answers"]):
            got = verify_answer(r["envelope"], a["envelope"], visitor, box_sk=box_sk, member_sign_pks=members)
            _expect(got.request_id == r["id"] and got.request == expected, f"answers[{i}] request with {opener}")
            _expect((got.decision, got.answered_at) == (a["decision"], a["answered_at"]), f"answers[{i}] with {opener}")
        for c in v["refused"]:
            try:
                verify_answer(c["request"], c["envelope"], visitor, box_sk=box_sk, member_sign_pks=members)
            except ConsentError:
                continue
            raise AssertionError(f"verified an answer to refuse: {c['why']}")
    for i, c in enumerate(v["states"]):
        state = consent_state(expected, [(d, t) for d, t in c["answers"]], c["now"])
        _expect((state.state, state.at) == (c["state"], c["at"]), f"states[{i}]")


def check_case_tags(v: dict[str, Any]) -> None:
    office_id, box_sk = v["office_id"], b64u_decode(v["office_box_sk"], 32)
    senders = {b64u_decode(v["sender_sign_pk"], 32)}
    for case in v["quarters"]:
        _expect(quarter_of(case["at"]) == case["quarter"], f"quarter of {case['at']}")
    for i, case in enumerate(v["opens"]):
        tags = open_tags(case["envelope"], office_id=office_id, office_box_sk=box_sk, senders=senders)
        t = case["tags"]
        _expect(tags == CaseTags(t["case"], t["quarter"], tuple(t["codes"])), f"opens[{i}]")
    for case in v["refused"]:
        try:
            opened = open_envelope(case["envelope"], box_sk, senders, office_id)
            parse_tags(opened, case["case_id"])
        except EnvelopeError:
            continue
        raise AssertionError(f"opened a tag record to refuse: {case['why']}")


def _valid_envelope(keys: dict[str, str], case: str) -> Check:
    def check(v: dict[str, Any]) -> None:
        for opener in v["openers"]:
            opened = open_envelope(
                v["envelope"], b64u_decode(keys[opener]), {b64u_decode(v["expected_sender_pk"])}, v["expected_case"]
            )
            _expect(opened.header == v["header"], f"header as opened by {opener}")
            _expect(opened.payload == v["payload"], f"payload as opened by {opener}")
        _expect(v["expected_case"] == case, "case")

    return check


def _invalid_envelope(keys: dict[str, str]) -> Check:
    def check(v: dict[str, Any]) -> None:
        try:
            open_envelope(
                v["envelope"],
                b64u_decode(keys[v["opener"]]),
                {b64u_decode(v["expected_sender_pk"])},
                v["expected_case"],
            )
        except EnvelopeError:
            return
        raise AssertionError("opened an envelope that must be refused")

    return check


def _cases(folder: Path) -> Iterator[tuple[str, Check, Any]]:
    simple: dict[str, Check] = {
        "visitor_keys.json": check_visitor_keys,
        "member_bundle.json": check_member_bundle,
        "pow.json": check_pow,
        "auth.json": check_auth,
        "passkey_unlock.json": check_passkey_unlock,
    }
    for name, check in simple.items():
        path = folder / name
        if path.exists():
            for i, v in enumerate(json.loads(path.read_text("utf-8"))["vectors"]):
                yield f"{name}[{i}]", check, v
    # Whole-file checks: this project's own vectors (docs/protocol/vectors).
    for name, check in {
        "view_codes.json": check_view_codes,
        "bookmarks.json": check_bookmarks,
        "consent.json": check_consent,
        "case_tags.json": check_case_tags,
    }.items():
        path = folder / name
        if path.exists():
            yield name, check, json.loads(path.read_text("utf-8"))
    path = folder / "log.json"
    if path.exists():
        yield from log_cases(json.loads(path.read_text("utf-8")))
    path = folder / "envelopes.json"
    if path.exists():
        data = json.loads(path.read_text("utf-8"))
        for i, v in enumerate(data["valid"]):
            yield f"envelopes.json valid[{i}]", _valid_envelope(data["keys"], data["case"]), v
        for i, v in enumerate(data["invalid"]):
            yield f"envelopes.json invalid[{i}] ({v['reason']})", _invalid_envelope(data["keys"]), v


def check_folder(folder: Path) -> list[Result]:
    results = []
    for name, check, vector in _cases(folder):
        try:
            check(vector)
            results.append(Result(name, True))
        except (AssertionError, ProtocolError, KeyError, TypeError, ValueError) as exc:
            results.append(Result(name, False, f"{type(exc).__name__}: {exc}"))
    return results
