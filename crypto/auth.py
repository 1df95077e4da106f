"""Challenge signatures for signing in (PROTOCOL.md section 5)."""

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from crypto.encoding import tagged
from crypto.errors import SignatureError

CHALLENGE_BYTES = 32


def auth_message(office_id: str, challenge: bytes) -> bytes:
    return tagged("auth", office_id.encode("utf-8"), b"\0", challenge)


def sign_challenge(sign_seed: bytes, office_id: str, challenge: bytes) -> bytes:
    return SigningKey(sign_seed).sign(auth_message(office_id, challenge)).signature


def verify_challenge(sign_pk: bytes, office_id: str, challenge: bytes, sig: bytes) -> None:
    """Raise SignatureError unless ``sig`` signs the challenge under ``sign_pk``."""
    try:
        VerifyKey(sign_pk).verify(auth_message(office_id, challenge), sig)
    except (BadSignatureError, ValueError, TypeError) as exc:
        raise SignatureError("challenge signature does not verify") from exc
