"""Unlocking a member's key bundle with a passkey instead of the password (the WebAuthn PRF
extension; docs/passkeys.md): the authenticator turns a salt into 32 secret bytes that never leave
it but to the page; the bundle is sealed a second time under a key derived from them. The salt
depends on the office and username only, so the page can ask for it before the member is known."""

from crypto.encoding import h32, tagged_v2
from crypto.member import MemberBundle, open_bundle, seal_bundle

PRF_BYTES = 32


def prf_salt(office_id: str, username: str) -> bytes:
    """What the page asks the authenticator's PRF to evaluate."""
    return h32(tagged_v2("passkey-prf", office_id.encode("utf-8"), b"\0", username.encode("utf-8")))


def _key(prf_output: bytes) -> bytes:
    if len(prf_output) != PRF_BYTES:
        raise ValueError("a PRF output is 32 bytes")
    return h32(tagged_v2("passkey-unlock", prf_output))


def _ad(member_id: str) -> bytes:
    return tagged_v2("passkey-unlock", member_id.encode("utf-8"))


def wrap_for_passkey(
    bundle: MemberBundle, prf_output: bytes, member_id: str, nonce: bytes | None = None
) -> dict[str, str]:
    return seal_bundle(bundle, _key(prf_output), _ad(member_id), nonce)


def unwrap_with_passkey(wrapped: dict[str, str], prf_output: bytes, member_id: str) -> MemberBundle:
    return open_bundle(wrapped, _key(prf_output), _ad(member_id), "the key bundle does not open with this passkey")
