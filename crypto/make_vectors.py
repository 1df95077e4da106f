"""``python -m crypto make-vectors DIR``: writes this project's own test vectors (protocol v2 and
the rules v1 leaves to implementations) into DIR, for every implementation to check with
``check-vectors``. Random inputs come from fixed seeds, so a rerun writes the same files, except
the envelopes of case_tags.json: a sealed box draws its own ephemeral key, so they differ each
run and check the same."""

import json
from pathlib import Path
from typing import Any

from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt, crypto_scalarmult_base
from nacl.signing import SigningKey

from crypto.bookmark import Bookmark, bookmark_ad, bookmark_key, seal_bookmark
from crypto.case_tags import TAGS_FORMAT, TAGS_KIND, CaseTags, quarter_of, seal_tags
from crypto.encoding import b64u_encode, h32
from crypto.envelope import encode_payload, seal_envelope
from crypto.make_consent_vectors import consent_vectors
from crypto.make_log_vectors import log_vectors
from crypto.member import MemberBundle
from crypto.passkey_unlock import prf_salt, wrap_for_passkey
from crypto.viewcode import mark_bits

_TYPED_CODES = [
    ("7K3QD-M9XTA", "7K3QD-M9XTA"),
    ("7k3qd-m9xta", "7K3QD-M9XTA"),
    (" 7K3QD M9XTA ", "7K3QD-M9XTA"),
    ("7K3QDM9XTA", "7K3QD-M9XTA"),
    ("O1LI0-oilio", "01110-01110"),
    ("7K3QD--M9XTA", "7K3QD-M9XTA"),
    ("7K3QD-M9XT", None),
    ("7K3QD-M9XTAB", None),
    ("7K3QD-M9XTU", None),
    ("7K3QD_M9XTA", None),
    ("", None),
]
_MARK_CODES = ["00000-00000", "ZZZZZ-ZZZZZ", "7K3QD-M9XTA", "0123456789"]


def view_codes() -> dict[str, Any]:
    marks = [{"code": code, "bits": mark_bits(code)} for code in _MARK_CODES]
    flipped = marks[2]["bits"][:7] + ("1" if marks[2]["bits"][7] == "0" else "0") + marks[2]["bits"][8:]
    return {
        "about": "View codes (docs/protocol/v2.md, 'View codes'): how typed codes normalise, and the 60 bits "
        "(50 code bits, CRC-10/ATM) of the mark hidden in a text. 'code': null means the input is refused.",
        "normalize": [{"typed": typed, "code": code} for typed, code in _TYPED_CODES],
        "marks": marks,
        "bad_marks": [
            {"bits": flipped, "why": "one bit flipped: the checksum fails"},
            {"bits": marks[2]["bits"][:-1], "why": "59 bits"},
            {"bits": marks[2]["bits"] + "0", "why": "61 bits"},
        ],
    }


def passkey_unlock() -> dict[str, Any]:
    bundle = MemberBundle(h32(b"vector sign seed"), h32(b"vector box sk"))
    prf_output = h32(b"vector prf output")
    salt = prf_salt("office-vectors", "ada.ombuds")
    wrapped = wrap_for_passkey(bundle, prf_output, "m_ada", nonce=bytes(range(24)))
    return {
        "about": "A member's key bundle sealed under a passkey's PRF output (docs/passkeys.md): the salt the "
        "page asks the authenticator to evaluate, and a bundle that opens with that output and member id only.",
        "vectors": [
            {
                "office_id": "office-vectors",
                "username": "ada.ombuds",
                "prf_salt": b64u_encode(salt),
                "prf_output": b64u_encode(prf_output),
                "member_id": "m_ada",
                "wrapped": wrapped,
                "sign_pk": b64u_encode(bundle.sign_pk),
                "box_pk": b64u_encode(bundle.box_pk),
            }
        ],
    }


def _sealed_plaintext(plain: bytes, box_sk: bytes, member_id: str, case_id: str, nonce: bytes) -> dict[str, str]:
    """Bytes sealed as a bookmark is, whatever they hold: for the vectors a reader must refuse."""
    sealed = crypto_aead_xchacha20poly1305_ietf_encrypt(
        plain, bookmark_ad(member_id, case_id), nonce, bookmark_key(box_sk)
    )
    return {"nonce": b64u_encode(nonce), "ciphertext": b64u_encode(sealed)}


def bookmarks() -> dict[str, Any]:
    box_sk, member, case = h32(b"vector bookmark box sk"), "m_ada", "c_1a2b3c4d5e6f"
    nonce = bytes(range(24))
    opens = [Bookmark("Harcèlement, équipe B — à rappeler ✓", 42), Bookmark("", 0)]
    sealed = [seal_bookmark(b, box_sk=box_sk, member_id=member, case_id=case, nonce=nonce) for b in opens]

    def bad(why: str, fields: dict[str, Any]) -> dict[str, Any]:
        return {
            "why": why,
            "member_id": member,
            "case_id": case,
            "sealed": _sealed_plaintext(encode_payload(fields), box_sk, member, case, nonce),
        }

    unpadded = _sealed_plaintext(b'{"label":"","read":1,"pad":""}', box_sk, member, case, nonce)
    return {
        "about": "Bookmarks (docs/protocol/v2.md section 10): a member's label and read marker for a case, sealed "
        "under H32(T2('bookmark-key', box_sk)) and bound to the member and the case. 'opens' must open to their "
        "label and read, and seal back to the same bytes with the nonce given; 'refused' must not open.",
        "box_sk": b64u_encode(box_sk),
        "member_id": member,
        "case_id": case,
        "nonce": b64u_encode(nonce),
        "opens": [{"label": b.label, "read": b.read, "sealed": s} for b, s in zip(opens, sealed, strict=True)],
        "refused": [
            {"why": "another case", "member_id": member, "case_id": "c_other", "sealed": sealed[0]},
            {"why": "another member", "member_id": "m_bob", "case_id": case, "sealed": sealed[0]},
            bad("read is negative", {"label": "", "read": -1}),
            bad("read is not an integer", {"label": "", "read": "42"}),
            bad("label is not a string", {"label": None, "read": 0}),
            bad("a field too many", {"label": "", "read": 0, "case": case}),
            bad("label over 400 bytes", {"label": "é" * 201, "read": 0}),
            {"why": "not padded", "member_id": member, "case_id": case, "sealed": unpadded},
        ],
    }


_TAGS_OFFICE, _TAGS_CASE, _TAGS_AT = "office-vectors", "c_1a2b3c4d5e6f", 1_790_000_000
_QUARTER_TIMES = [0, 7_775_999, 7_776_000, 1_767_225_599, 1_767_225_600, 1_790_000_000, 4_102_444_800]


def case_tags() -> dict[str, Any]:
    sign_seed, box_sk = h32(b"vector tags sign seed"), h32(b"vector tags office box sk")
    box_pk = crypto_scalarmult_base(box_sk)
    other_pk = crypto_scalarmult_base(h32(b"vector tags another key"))
    opens = [
        CaseTags(_TAGS_CASE, "2026-Q3", ("2", "2.h", "5.c")),
        CaseTags("c_ffffffffffff", "2025-Q1", ()),
    ]

    def sealed(
        payload: dict[str, Any], *, kind: str = TAGS_KIND, office: str = _TAGS_OFFICE, to: bytes = box_pk, **header: Any
    ) -> Any:
        env = seal_envelope(
            payload, case=office, kind=kind, sender_seed=sign_seed, recipient_box_pks=[to], sent_at=_TAGS_AT, **header
        )
        return env.to_json()

    def record(**tags: Any) -> dict[str, Any]:
        return {
            "format": TAGS_FORMAT,
            "body": "",
            "tags": {"case": _TAGS_CASE, "quarter": "2026-Q3", "codes": ["2"]} | tags,
        }

    def refused(why: str, envelope: Any, case_id: str | None = None) -> dict[str, Any]:
        return {"why": why, "envelope": envelope, "case_id": case_id}

    good = record()
    return {
        "about": "Case tags (docs/protocol/v2.md section 12): IOA categories sealed to the office key alone under "
        "the office id. 'quarters': the UTC quarter of a Unix time. 'opens' must open (office_box_sk, signed by "
        "sender_sign_pk, case = office_id) to their tags; 'refused' must not, read for case_id when it is not null. "
        "The envelopes differ each time the file is written (sealed boxes draw their own ephemeral key).",
        "office_id": _TAGS_OFFICE,
        "office_box_sk": b64u_encode(box_sk),
        "sender_sign_pk": b64u_encode(bytes(SigningKey(sign_seed).verify_key)),
        "quarters": [{"at": at, "quarter": quarter_of(at)} for at in _QUARTER_TIMES],
        "opens": [
            {
                "tags": t.to_json(),
                "envelope": seal_tags(
                    t, office_id=_TAGS_OFFICE, sign_seed=sign_seed, office_box_pk=box_pk, sent_at=_TAGS_AT
                ).to_json(),
            }
            for t in opens
        ],
        "refused": [
            refused("read for another case", sealed(good), "c_other"),
            refused("sealed under another office id", sealed(good, office="office-other")),
            refused("sealed to another key", sealed(good, to=other_pk)),
            refused("another kind", sealed(good, kind="message")),
            refused("a lifetime", sealed(good, ttl=3600)),
            refused("view once", sealed(good, view_once=True)),
            refused("another format", sealed(good | {"format": "plain"})),
            refused("a body", sealed(good | {"body": "Harassment"})),
            refused("a payload field too many", sealed(good | {"note": ""})),
            refused("a tags field too many", sealed(record(member="m_ada"))),
            refused("no quarter", sealed({**good, "tags": {"case": _TAGS_CASE, "codes": ["2"]}})),
            refused("a quarter not written YYYY-Qn", sealed(record(quarter="2026-Q5"))),
            refused("a code of category 0", sealed(record(codes=["0"]))),
            refused("a code in capitals", sealed(record(codes=["2.H"]))),
            refused("a code twice", sealed(record(codes=["2", "2"]))),
            refused("codes not a list", sealed(record(codes="2"))),
            refused("a code not a string", sealed(record(codes=[2]))),
            refused("an empty case id", sealed(record(case=""))),
            refused("a case id over 32 characters", sealed(record(case="c" * 33))),
        ],
    }


FILES = {
    "view_codes.json": view_codes,
    "log.json": log_vectors,
    "passkey_unlock.json": passkey_unlock,
    "bookmarks.json": bookmarks,
    "consent.json": consent_vectors,
    "case_tags.json": case_tags,
}


def write_vectors(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in FILES.items():
        path = folder / name
        path.write_text(json.dumps(make(), indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written
