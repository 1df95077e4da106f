"""Proof of work for opening a case (PROTOCOL.md section 7)."""

from crypto.encoding import h32, le64, tagged
from crypto.errors import ParameterError

MAX_NONCE = 2**64


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def pow_digest(challenge: bytes, nonce: int) -> bytes:
    return h32(tagged("pow", challenge, le64(nonce)))


def pow_ok(challenge: bytes, difficulty: int, nonce: int) -> bool:
    if not 0 <= nonce < MAX_NONCE:
        return False
    return leading_zero_bits(pow_digest(challenge, nonce)) >= difficulty


def solve_pow(challenge: bytes, difficulty: int, start: int = 0) -> int:
    if not 0 <= difficulty <= 64:
        raise ParameterError("difficulty out of range")
    nonce = start
    while not pow_ok(challenge, difficulty, nonce):
        nonce += 1
    return nonce
