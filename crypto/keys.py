"""Key names, fingerprints and visitor keys from a codename (PROTOCOL.md sections 2 and 3)."""

import unicodedata
from dataclasses import dataclass

from nacl.bindings import crypto_box_seed_keypair, crypto_scalarmult_base
from nacl.pwhash import argon2id
from nacl.signing import SigningKey

from crypto.encoding import b64u_encode, h16, tagged
from crypto.errors import ParameterError

# Floors from the spec: clients refuse weaker parameters.
VISITOR_FLOOR_OPS = 2
VISITOR_FLOOR_MEM = 19_922_944
MEMBER_FLOOR_OPS = 3
MEMBER_FLOOR_MEM = 64 * 1024 * 1024
CODENAME_WORDS = 8


@dataclass(frozen=True)
class KdfParams:
    ops: int
    mem: int

    def check_floor(self, floor: "KdfParams") -> None:
        """Raise ParameterError if either parameter is below the floor's."""
        if self.ops < floor.ops or self.mem < floor.mem:
            raise ParameterError(f"key derivation below ops={floor.ops}, mem={floor.mem}")

    def as_json(self) -> dict[str, object]:
        return {"alg": "argon2id13", "ops": self.ops, "mem": self.mem}


VISITOR_FLOOR = KdfParams(VISITOR_FLOOR_OPS, VISITOR_FLOOR_MEM)
MEMBER_FLOOR = KdfParams(MEMBER_FLOOR_OPS, MEMBER_FLOOR_MEM)
VISITOR_DEFAULT_KDF = KdfParams(ops=3, mem=64 * 1024 * 1024)


@dataclass(frozen=True)
class VisitorKeys:
    sign_seed: bytes
    sign_pk: bytes
    box_sk: bytes
    box_pk: bytes


def box_pk_from_sk(box_sk: bytes) -> bytes:
    """The X25519 public key of a box secret key (as ``boxPkFromSk`` in JavaScript)."""
    return crypto_scalarmult_base(box_sk)


def kid(box_pk: bytes) -> str:
    return b64u_encode(h16(box_pk))


def fingerprint(box_pk: bytes) -> str:
    hexed = h16(tagged("fingerprint", box_pk)).hex().upper()
    return " ".join(hexed[i : i + 4] for i in range(0, len(hexed), 4))


def normalize_codename(codename: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", codename).lower().split())


def visitor_salt(office_id: str) -> bytes:
    return h16(tagged("visitor-salt", office_id.encode("utf-8")))


def derive_seed(password: bytes, salt: bytes, kdf: KdfParams) -> bytes:
    return argon2id.kdf(64, password, salt, opslimit=kdf.ops, memlimit=kdf.mem)


def keys_from_seed(seed: bytes) -> VisitorKeys:
    signing = SigningKey(seed[:32])
    box_pk, box_sk = crypto_box_seed_keypair(seed[32:64])
    return VisitorKeys(seed[:32], bytes(signing.verify_key), box_sk, box_pk)


def visitor_keys(codename: str, office_id: str, kdf: KdfParams, *, enforce_floor: bool = True) -> VisitorKeys:
    if enforce_floor:
        kdf.check_floor(VISITOR_FLOOR)
    normalized = normalize_codename(codename)
    seed = derive_seed(normalized.encode("utf-8"), visitor_salt(office_id), kdf)
    return keys_from_seed(seed)
