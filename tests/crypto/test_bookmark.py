"""Bookmarks (docs/protocol/v2.md section 10) in Python; vectors/bookmarks.json holds both
languages to the same bytes."""

import pytest
from nacl.bindings import crypto_box_keypair

from crypto.bookmark import MAX_PADDED, Bookmark, open_bookmark, seal_bookmark
from crypto.encoding import b64u_decode
from crypto.errors import EnvelopeError

_, ADA = crypto_box_keypair()
_, BOB = crypto_box_keypair()
MEMBER, CASE = "m_ada", "c_1"


def test_a_bookmark_opens_for_its_member_and_case_with_the_member_s_own_key() -> None:
    sealed = seal_bookmark(Bookmark("Pay dispute", 7), box_sk=ADA, member_id=MEMBER, case_id=CASE)
    assert open_bookmark(sealed, box_sk=ADA, member_id=MEMBER, case_id=CASE) == Bookmark("Pay dispute", 7)
    for key, member, case in [(BOB, MEMBER, CASE), (ADA, MEMBER, "c_2"), (ADA, "m_bob", CASE)]:
        with pytest.raises(EnvelopeError):
            open_bookmark(sealed, box_sk=key, member_id=member, case_id=case)


def test_the_sealed_size_does_not_tell_the_label_s_length() -> None:
    def size(label: str) -> int:
        return len(
            b64u_decode(seal_bookmark(Bookmark(label, 1), box_sk=ADA, member_id=MEMBER, case_id=CASE)["ciphertext"])
        )

    assert size("") == size("A much longer label about a case, well under the limit")
    assert size('"\\' * 100) - 16 <= MAX_PADDED


@pytest.mark.parametrize(("label", "read"), [("é" * 201, 0), ("", -1), ("", 2**53)])
def test_a_label_over_400_bytes_or_a_read_out_of_range_is_refused(label: str, read: int) -> None:
    with pytest.raises(ValueError, match=r"label|read"):
        Bookmark(label, read)
