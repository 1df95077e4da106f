"""Bookmarks (docs/protocol/v2.md section 10): a member's own label for a case and how far they
have read it, kept on the server sealed under a key that only the member's own box secret key
gives. Nobody else, the office included, can read or forge one; the server stores it as sent.

The key is ``H32(T2("bookmark-key", box_sk))``; the associated data binds the sealed bytes to
the member and the case, so that a server moving a bookmark to another case or member is caught;
the plaintext is padded like an envelope's, so its size does not tell a label's length."""

from dataclasses import dataclass

from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt, crypto_aead_xchacha20poly1305_ietf_encrypt
from nacl.exceptions import CryptoError
from nacl.utils import random

from crypto import strict_json
from crypto.encoding import b64u_decode, b64u_encode, h32, tagged_v2
from crypto.envelope import TAG_BYTES, encode_payload, is_padded_length
from crypto.errors import DecodeError, EnvelopeError

NONCE_BYTES = 24
BOX_SK_BYTES = 32
LABEL_MAX_BYTES = 400  # UTF-8: the same limit in every language
READ_MAX = 2**53 - 1  # a seq JavaScript holds exactly
MAX_PADDED = 2048  # the most a label of LABEL_MAX_BYTES takes, escapes and all
FIELDS = {"label", "read", "pad"}


@dataclass(frozen=True)
class Bookmark:
    label: str = ""  # empty: no label
    read: int = 0  # the seq of the newest item of the case this member has seen

    def __post_init__(self) -> None:
        if len(self.label.encode("utf-8")) > LABEL_MAX_BYTES:
            raise ValueError(f"a label is at most {LABEL_MAX_BYTES} bytes of UTF-8")
        if not 0 <= self.read <= READ_MAX:
            raise ValueError("read is a seq from 0 to 2^53 - 1")


def bookmark_key(box_sk: bytes) -> bytes:
    if len(box_sk) != BOX_SK_BYTES:
        raise ValueError("a box secret key is 32 bytes")
    return h32(tagged_v2("bookmark-key", box_sk))


def bookmark_ad(member_id: str, case_id: str) -> bytes:
    return tagged_v2("bookmark", member_id.encode("utf-8"), b"\0", case_id.encode("utf-8"))


def seal_bookmark(
    bookmark: Bookmark, *, box_sk: bytes, member_id: str, case_id: str, nonce: bytes | None = None
) -> dict[str, str]:
    """``{nonce, ciphertext}``; ``nonce`` is drawn unless given (vectors)."""
    nonce = nonce if nonce is not None else random(NONCE_BYTES)
    plain = encode_payload({"label": bookmark.label, "read": bookmark.read})
    sealed = crypto_aead_xchacha20poly1305_ietf_encrypt(
        plain, bookmark_ad(member_id, case_id), nonce, bookmark_key(box_sk)
    )
    return {"nonce": b64u_encode(nonce), "ciphertext": b64u_encode(sealed)}


def check_sealed_form(sealed: object) -> tuple[bytes, bytes]:
    """The nonce and ciphertext of a sealed bookmark if its form is right (what a server can
    check without the key: sizes and padding); DecodeError otherwise."""
    if not isinstance(sealed, dict) or set(sealed) != {"nonce", "ciphertext"}:
        raise DecodeError("a bookmark is an object with nonce and ciphertext")
    nonce = b64u_decode(sealed["nonce"], NONCE_BYTES)
    ciphertext = b64u_decode(sealed["ciphertext"])
    padded = len(ciphertext) - TAG_BYTES
    if not is_padded_length(padded) or padded > MAX_PADDED:
        raise DecodeError(f"a bookmark's plaintext is padded to a power of two from 256 to {MAX_PADDED}")
    return nonce, ciphertext


def open_bookmark(sealed: object, *, box_sk: bytes, member_id: str, case_id: str) -> Bookmark:
    """The bookmark, if it opens for this member and case and is one; EnvelopeError otherwise."""
    try:
        nonce, ciphertext = check_sealed_form(sealed)
        plain = crypto_aead_xchacha20poly1305_ietf_decrypt(
            ciphertext, bookmark_ad(member_id, case_id), nonce, bookmark_key(box_sk)
        )
        fields = strict_json.loads(plain, unique_keys=False)  # as JSON.parse reads it
        if not isinstance(fields, dict) or set(fields) != FIELDS:
            raise DecodeError("a bookmark holds label, read and pad")
        label, read = fields["label"], fields["read"]
        if not isinstance(label, str) or not isinstance(read, int) or isinstance(read, bool):
            raise DecodeError("label is a string and read an integer")
        return Bookmark(label, read)
    except (CryptoError, DecodeError, UnicodeDecodeError, ValueError) as exc:
        raise EnvelopeError("the bookmark does not open with your keys") from exc
