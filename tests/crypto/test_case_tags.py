"""Case tags (docs/protocol/v2.md section 12) in Python; vectors/case_tags.json holds the
JavaScript to the same rules."""

import pytest
from nacl.bindings import crypto_box_keypair
from nacl.signing import SigningKey

from crypto.case_tags import CODES_MAX, CaseTags, open_tags, parse_tags, quarter_of, seal_tags
from crypto.envelope import open_envelope
from crypto.errors import EnvelopeError

OFFICE_PK, OFFICE_SK = crypto_box_keypair()
OTHER_PK, OTHER_SK = crypto_box_keypair()
SEED = bytes(range(32))
SENDER = bytes(SigningKey(SEED).verify_key)
OFFICE = "office-1"
AT = 1_790_000_000


def sealed(tags: CaseTags, office_pk: bytes = OFFICE_PK) -> object:
    return seal_tags(tags, office_id=OFFICE, sign_seed=SEED, office_box_pk=office_pk, sent_at=AT).to_json()


def test_a_record_opens_with_the_office_key_to_its_case_quarter_and_codes() -> None:
    tags = CaseTags("c_1", "2026-Q3", ("2", "2.h", "5.c"))
    envelope = sealed(tags)
    assert open_tags(envelope, office_id=OFFICE, office_box_sk=OFFICE_SK, senders={SENDER}) == tags
    # Nothing of it is in the clear: the header names the office, not the case
    assert "c_1" not in str(envelope)
    assert "2.h" not in str(envelope)


def test_a_record_does_not_open_for_another_key_office_sender_or_case() -> None:
    envelope = sealed(CaseTags("c_1", "2026-Q3", ("2",)))
    other_sender = bytes(SigningKey(bytes(32)).verify_key)
    for office_id, key, senders in [
        (OFFICE, OTHER_SK, {SENDER}),
        ("office-2", OFFICE_SK, {SENDER}),
        (OFFICE, OFFICE_SK, {other_sender}),
    ]:
        with pytest.raises(EnvelopeError):
            open_tags(envelope, office_id=office_id, office_box_sk=key, senders=senders)
    opened = open_envelope(envelope, OFFICE_SK, {SENDER}, OFFICE)
    assert parse_tags(opened, "c_1").case_id == "c_1"
    with pytest.raises(EnvelopeError):
        parse_tags(opened, "c_2")


@pytest.mark.parametrize(
    ("case_id", "quarter", "codes"),
    [
        ("", "2026-Q1", ()),
        ("c" * 33, "2026-Q1", ()),
        ("c_1", "2026-Q0", ()),
        ("c_1", "26-Q1", ()),
        ("c_1", "2026-Q1", ("10",)),
        ("c_1", "2026-Q1", ("2.H",)),
        ("c_1", "2026-Q1", ("2h",)),
        ("c_1", "2026-Q1", ("2", "2")),
        ("c_1", "2026-Q1", tuple(f"{n}" for n in range(1, 10)) * (CODES_MAX // 9 + 1)),
    ],
)
def test_a_malformed_record_cannot_be_made(case_id: str, quarter: str, codes: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match=r"case id|quarter|code"):
        CaseTags(case_id, quarter, codes)


def test_quarters_are_utc_calendar_quarters() -> None:
    assert quarter_of(0) == "1970-Q1"
    assert quarter_of(1_767_225_599) == "2025-Q4"  # 31 December 2025, 23:59:59 UTC
    assert quarter_of(1_767_225_600) == "2026-Q1"
    assert quarter_of(1_782_864_000) == "2026-Q3"  # 1 July 2026
