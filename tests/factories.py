"""Builders for tests: an app on a real database, an office, members and visitors made
through the real API with the real protocol code (fast key-derivation parameters only)."""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from nacl.signing import SigningKey
from werkzeug.test import TestResponse

from crypto.auth import sign_challenge
from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import Envelope, seal_envelope
from crypto.keys import KdfParams, VisitorKeys, keys_from_seed
from crypto.member import new_bundle, password_keys, wrap_bundle
from crypto.office import new_office_key, seal_grant
from crypto.pow import solve_pow
from portal import create_app
from portal.clock import FixedClock
from portal.db import session_scope
from portal.deps import Deps
from portal.members.service import create_invitation
from portal.office.service import create_office
from portal.settings import Settings, load_settings
from portal.web import EXTENSION

# Members in tests: the smallest Argon2id libsodium allows (clients refuse it; the server does not
# care, it never derives keys). Visitors in tests get random keys, with no derivation at all.
FAST_KDF = KdfParams(ops=1, mem=8192)
TEST_POW_DIFFICULTY = 6


def settings_for_tests(instance: Path, database_url: str | None = None, **overrides: Any) -> Settings:
    env = {"SOTTOVOCE_INSTANCE": str(instance)}
    if database_url:
        env["SOTTOVOCE_DATABASE_URL"] = database_url
    return load_settings(env, pow_difficulty=TEST_POW_DIFFICULTY, **overrides)


def make_app(instance: Path, clock: FixedClock, database_url: str | None = None, **overrides: Any) -> Flask:
    app = create_app(settings_for_tests(instance, database_url, **overrides), clock=clock)
    app.config["TESTING"] = True
    return app


def app_deps(app: Flask) -> Deps:
    return app.extensions[EXTENSION]["deps"]  # type: ignore[no-any-return]


def make_office(app: Flask, name: str = "Test Office") -> str:
    with session_scope(app.extensions[EXTENSION]["sessions"]) as s:
        return create_office(s, app_deps(app), name, FAST_KDF, FAST_KDF).office_id


def invite(app: Flask) -> str:
    with session_scope(app.extensions[EXTENSION]["sessions"]) as s:
        return create_invitation(s, app_deps(app)).token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Member:
    member_id: str
    username: str
    password: str
    totp_secret: str
    sign_seed: bytes
    box_pk: bytes
    box_sk: bytes
    token: str = ""
    office_sks: dict[int, bytes] = field(default_factory=dict)

    @property
    def sign_pk(self) -> bytes:
        return bytes(SigningKey(self.sign_seed).verify_key)


@dataclass
class Visitor:
    keys: VisitorKeys
    case_id: str = ""
    token: str = ""


@dataclass
class Office:
    """A test office reached through the API: its app, client, clock, members."""

    app: Flask
    client: FlaskClient
    clock: FixedClock
    office_id: str
    office_pk: bytes = b""
    office_sk: bytes = b""
    members: list[Member] = field(default_factory=list)

    def enrol(
        self,
        username: str,
        password: str = "a long test password",
        genesis: Callable[..., Any] | None = None,
        kdf: KdfParams = FAST_KDF,
    ) -> Member:
        """Enrols through the API; the first member draws the office key, and with ``genesis``
        (called with the office, the new member's id and keys) also starts the office log.
        ``kdf``: the office's member parameters (the fast ones, unless the office was made with others)."""
        token = invite(self.app)
        start = self.client.post("/api/v1/enrol/start", json={"token": token})
        assert start.status_code == 200, start.json
        info = start.json
        assert info is not None
        salt = os.urandom(16)
        pk = password_keys(password, salt, kdf, enforce_floor=False)
        bundle = new_bundle()
        body: dict[str, Any] = {
            "token": token,
            "member_id": info["member_id"],
            "username": username,
            "display_name": username.title(),
            "salt": b64u_encode(salt),
            "auth_pk": b64u_encode(pk.auth_pk),
            "sign_pk": b64u_encode(bundle.sign_pk),
            "box_pk": b64u_encode(bundle.box_pk),
            "bundle": wrap_bundle(bundle, pk.wrapping_key, info["member_id"]),
            "totp": pyotp.TOTP(info["totp_secret"]).at(self.clock.now()),
        }
        if info["first"]:
            key = new_office_key()
            self.office_pk, self.office_sk = key.box_pk, key.box_sk
            body["office_key"] = {
                "box_pk": b64u_encode(self.office_pk),
                "grant": seal_grant(self.office_sk, bundle.box_pk),
            }
            if genesis is not None:
                body["log_entry"] = genesis(self, info["member_id"], bundle, body["display_name"])
        done = self.client.post("/api/v1/enrol/finish", json=body)
        assert done.status_code == 201, done.json
        member = Member(
            info["member_id"], username, password, info["totp_secret"], bundle.sign_seed, bundle.box_pk, bundle.box_sk
        )
        self.members.append(member)
        return member

    def grant(self, granter: Member, member: Member, version: int = 1) -> None:
        """``granter`` passes the office key (version 1, as drawn at enrolment) to ``member``."""
        body = {"member_id": member.member_id, "version": version, "grant": seal_grant(self.office_sk, member.box_pk)}
        answer = self.client.post("/api/v1/office/grants", json=body, headers=bearer(granter.token))
        assert answer.status_code == 201, answer.json

    def sign_in_member(self, member: Member) -> dict[str, Any]:
        answer = self.try_member_sign_in(member)
        assert answer.status_code == 200, answer.json
        assert answer.json is not None
        result: dict[str, Any] = answer.json
        member.token = result["token"]
        return result

    def try_member_sign_in(self, member: Member, password: str | None = None) -> TestResponse:
        """A sign-in with the member's password (or `password`) and a fresh TOTP code; the answer."""
        # A TOTP code works once: step the clock so each sign-in has a fresh code.
        self.clock.advance(30)
        ch = self.client.post("/api/v1/auth/challenge", json={"role": "member", "username": member.username}).json
        assert ch is not None
        pk = password_keys(password or member.password, b64u_decode(ch["salt"]), FAST_KDF, enforce_floor=False)
        challenge = b64u_decode(ch["challenge"])
        return self.client.post(
            "/api/v1/auth/session",
            json={
                "role": "member",
                "username": member.username,
                "challenge": ch["challenge"],
                "sig": b64u_encode(sign_challenge(pk.auth_seed, self.office_id, challenge)),
                "totp": pyotp.TOTP(member.totp_secret).at(self.clock.now()),
            },
        )

    def open_case(self, seed: bytes | None = None) -> Visitor:
        keys = keys_from_seed(seed or SigningKey.generate().encode() + bytes(32))
        pow_ = self.client.post("/api/v1/pow").json
        assert pow_ is not None
        nonce = solve_pow(b64u_decode(pow_["challenge"]), pow_["difficulty"])
        created = self.client.post(
            "/api/v1/cases",
            json={
                "sign_pk": b64u_encode(keys.sign_pk),
                "box_pk": b64u_encode(keys.box_pk),
                "pow": {"challenge": pow_["challenge"], "nonce": nonce},
            },
        )
        assert created.status_code == 201, created.json
        assert created.json is not None
        visitor = Visitor(keys, created.json["case_id"])
        self.sign_in_visitor(visitor)
        return visitor

    def visitor_challenge(self, visitor: Visitor) -> dict[str, Any]:
        ch = self.client.post(
            "/api/v1/auth/challenge", json={"role": "visitor", "sign_pk": b64u_encode(visitor.keys.sign_pk)}
        ).json
        assert ch is not None
        challenge = b64u_decode(ch["challenge"])
        sig = sign_challenge(visitor.keys.sign_seed, self.office_id, challenge)
        return {
            "role": "visitor",
            "sign_pk": b64u_encode(visitor.keys.sign_pk),
            "challenge": ch["challenge"],
            "sig": b64u_encode(sig),
        }

    def sign_in_visitor(self, visitor: Visitor) -> None:
        answer = self.client.post("/api/v1/auth/session", json=self.visitor_challenge(visitor))
        assert answer.status_code == 200, answer.json
        assert answer.json is not None
        visitor.token = answer.json["token"]

    def visitor_envelope(self, visitor: Visitor, body: str = "hello office", **extra: Any) -> Envelope:
        fields: dict[str, Any] = {
            "case": visitor.case_id,
            "kind": "message",
            "sender_seed": visitor.keys.sign_seed,
            "recipient_box_pks": [self.office_pk, visitor.keys.box_pk],
            "sent_at": self.clock.now(),
        }
        fields.update(extra)
        return seal_envelope({"format": "plain", "body": body}, **fields)

    def member_envelope(self, member: Member, visitor: Visitor, body: str = "hello visitor", **extra: Any) -> Envelope:
        fields: dict[str, Any] = {
            "case": visitor.case_id,
            "kind": "message",
            "sender_seed": member.sign_seed,
            "recipient_box_pks": [self.office_pk, visitor.keys.box_pk],
            "sent_at": self.clock.now(),
        }
        fields.update(extra)
        return seal_envelope({"format": "plain", "body": body}, **fields)


def new_office(instance: Path, database_url: str | None = None, **overrides: Any) -> Office:
    clock = FixedClock(int(time.time()))
    app = make_app(instance, clock, database_url, **overrides)
    office_id = make_office(app)
    return Office(app, app.test_client(), clock, office_id)


def json_of(answer: Any) -> Any:
    """A test client answer's JSON body, which every API answer has."""
    assert answer.json is not None, answer
    return answer.json
