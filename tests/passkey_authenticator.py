"""A software authenticator for API tests of passkeys: it answers WebAuthn registrations (attestation
"none", an Ed25519 credential) and assertions as a browser would hand them to the page, so the
server's real WebAuthn checks run on them. Browser tests use Chromium's virtual authenticator."""

import hashlib
import json
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

import cbor2
from nacl.signing import SigningKey

from crypto.encoding import b64u_encode

FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40
COSE_EDDSA = {1: 1, 3: -8, -1: 6}  # kty OKP, alg EdDSA, crv Ed25519 (the x coordinate added per key)


@dataclass
class SoftAuthenticator:
    origin: str
    rp_id: str
    key: SigningKey = field(default_factory=SigningKey.generate)
    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    counter: int = 0

    def _client_data(self, kind: str, challenge: bytes, origin: str | None = None) -> bytes:
        data = {
            "type": kind,
            "challenge": b64u_encode(challenge),
            "origin": origin or self.origin,
            "crossOrigin": False,
        }
        return json.dumps(data).encode()

    def _auth_data(self, flags: int, attested: bytes = b"", rp_id: str | None = None) -> bytes:
        self.counter += 1
        rp_hash = hashlib.sha256((rp_id or self.rp_id).encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.counter) + attested

    def register(self, challenge: bytes) -> dict[str, Any]:
        """The PublicKeyCredential of navigator.credentials.create, as toJSON() gives it."""
        cose = cbor2.dumps({**COSE_EDDSA, -2: bytes(self.key.verify_key)})
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id + cose
        auth_data = self._auth_data(FLAG_UP | FLAG_UV | FLAG_AT, attested)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64u_encode(self.credential_id),
            "rawId": b64u_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64u_encode(self._client_data("webauthn.create", challenge)),
                "attestationObject": b64u_encode(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        }

    def answer(
        self, challenge: bytes, *, origin: str | None = None, rp_id: str | None = None, verified: bool = True
    ) -> dict[str, Any]:
        """The PublicKeyCredential of navigator.credentials.get, as toJSON() gives it; `verified`:
        the authenticator verified its user (a PIN, a fingerprint)."""
        client_data = self._client_data("webauthn.get", challenge, origin)
        auth_data = self._auth_data(FLAG_UP | (FLAG_UV if verified else 0), rp_id=rp_id)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest()).signature
        return {
            "id": b64u_encode(self.credential_id),
            "rawId": b64u_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64u_encode(client_data),
                "authenticatorData": b64u_encode(auth_data),
                "signature": b64u_encode(signature),
                "userHandle": None,
            },
            "clientExtensionResults": {},
        }
