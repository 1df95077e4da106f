"""Case tags (docs/protocol/v2.md section 12): the IOA reporting categories a member gives a case,
sealed to the office key alone under the office's id, so that the server never learns a tag and
the record outlives its case for the office's trend reports. The payload names the case and the
quarter it was opened in, so a record opens to the case it was written for and no other."""

import re
import time
from dataclasses import dataclass
from typing import Any

from crypto.envelope import Envelope, Opened, open_envelope, seal_envelope
from crypto.errors import EnvelopeError

TAGS_KIND = "tags"
TAGS_FORMAT = "case-tags"
CASE_ID_MAX = 32
CODES_MAX = 120  # more than the IOA list holds (9 categories, 87 subcategories)
CODE = re.compile(r"[1-9](\.[a-z])?\Z")
QUARTER = re.compile(r"[0-9]{4}-Q[1-4]\Z")
FIELDS = {"case", "quarter", "codes"}
PAYLOAD_FIELDS = {"format", "body", "tags", "pad"}


@dataclass(frozen=True)
class CaseTags:
    case_id: str
    quarter: str  # the quarter the case was opened in, UTC: "2026-Q4"
    codes: tuple[str, ...]  # IOA codes, a category "2" or a subcategory "2.h"; empty: none

    def __post_init__(self) -> None:
        if not isinstance(self.case_id, str) or not 1 <= len(self.case_id) <= CASE_ID_MAX:
            raise ValueError(f"a case id is 1 to {CASE_ID_MAX} characters")
        if not isinstance(self.quarter, str) or not QUARTER.match(self.quarter):
            raise ValueError("a quarter is written YYYY-Qn")
        if not all(isinstance(c, str) and CODE.match(c) for c in self.codes):
            raise ValueError("a code is a category digit, optionally a dot and a subcategory letter")
        if len(set(self.codes)) != len(self.codes) or len(self.codes) > CODES_MAX:
            raise ValueError(f"codes are distinct, at most {CODES_MAX}")

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_id, "quarter": self.quarter, "codes": list(self.codes)}


def quarter_of(unix_seconds: int) -> str:
    """The UTC quarter of a time, as tag records write it."""
    t = time.gmtime(unix_seconds)
    return f"{t.tm_year:04d}-Q{(t.tm_mon - 1) // 3 + 1}"


def tags_payload(tags: CaseTags) -> dict[str, Any]:
    return {"format": TAGS_FORMAT, "body": "", "tags": tags.to_json()}


def parse_tags(opened: Opened, case_id: str | None = None) -> CaseTags:
    """The record an opened envelope holds (of case ``case_id`` when given); EnvelopeError unless
    it is exactly one."""
    payload = opened.payload
    header = opened.header
    if header["kind"] != TAGS_KIND or header.get("ttl") is not None or header.get("view_once") is not False:
        raise EnvelopeError("not a tag record: it is kept, and read as often as needed")
    if set(payload) != PAYLOAD_FIELDS:
        raise EnvelopeError("not a tag record")
    if payload["format"] != TAGS_FORMAT or payload["body"] != "":
        raise EnvelopeError("not a tag record")
    raw = payload["tags"]
    if not isinstance(raw, dict) or set(raw) != FIELDS or not isinstance(raw["codes"], list):
        raise EnvelopeError("a tag record is {case, quarter, codes}")
    try:
        tags = CaseTags(raw["case"], raw["quarter"], tuple(raw["codes"]))
    except ValueError as exc:
        raise EnvelopeError(f"not a tag record: {exc}") from None
    if case_id is not None and tags.case_id != case_id:
        raise EnvelopeError("a tag record of another case")
    return tags


def seal_tags(tags: CaseTags, *, office_id: str, sign_seed: bytes, office_box_pk: bytes, sent_at: int) -> Envelope:
    """Sealed to the office key alone, under the office's id: the case is inside, never in the
    header, so the server cannot tell which case a record is about."""
    return seal_envelope(
        tags_payload(tags),
        case=office_id,
        kind=TAGS_KIND,
        sender_seed=sign_seed,
        recipient_box_pks=[office_box_pk],
        sent_at=sent_at,
    )


def open_tags(envelope: object, *, office_id: str, office_box_sk: bytes, senders: set[bytes]) -> CaseTags:
    """The record, if it opens with this office key, was signed by one of ``senders`` and is one."""
    return parse_tags(open_envelope(envelope, office_box_sk, senders, office_id))
