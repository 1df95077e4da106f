"""View codes: the code of one opening of one item, shown on its watermark and hidden in its text
(docs/protocol/v2.md, "View codes"). Ten symbols of Crockford's base32, shown ``XXXXX-XXXXX``;
typed back from a photo, they forgive case, spaces, dashes and the look-alikes O, I and L. The
mark hidden in a text carries the code's 50 bits and a CRC-10 of them."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
SYMBOLS = 10
SYMBOL_BITS = 5
CODE_BITS = SYMBOLS * SYMBOL_BITS
CRC_BITS = 10
CRC_POLY = 0x233  # CRC-10/ATM: x^10 + x^9 + x^5 + x^4 + x + 1
MARK_BITS = CODE_BITS + CRC_BITS
# What a person may type for a symbol that looks the same.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = str.maketrans("", "", " \t\n\r-")


def _shown(raw: str) -> str:
    return f"{raw[:5]}-{raw[5:]}"


def new_view_code() -> str:
    """A fresh random code (50 bits), in its shown form."""
    return _shown("".join(secrets.choice(ALPHABET) for _ in range(SYMBOLS)))


def normalize_view_code(typed: str) -> str | None:
    """The code in its shown form, from what a person typed or read off a copy; None if it cannot be one."""
    raw = typed.upper().translate(_IGNORED).translate(_CONFUSABLE)
    if len(raw) != SYMBOLS or any(c not in ALPHABET for c in raw):
        return None
    return _shown(raw)


def crc10(bits: str) -> int:
    """CRC-10/ATM of a string of '0' and '1', bit by bit (60 bits at most: speed does not matter)."""
    reg = 0
    for bit in bits:
        top = ((reg >> (CRC_BITS - 1)) & 1) ^ (bit == "1")
        reg = (reg << 1) & ((1 << CRC_BITS) - 1)
        if top:
            reg ^= CRC_POLY
    return reg


def mark_bits(code: str) -> str:
    """The 60 bits a hidden mark carries for ``code``: its symbols' bits, then their CRC-10."""
    shown = normalize_view_code(code)
    if shown is None:
        raise ValueError("not a view code")
    bits = "".join(format(ALPHABET.index(c), f"0{SYMBOL_BITS}b") for c in shown.replace("-", ""))
    return bits + format(crc10(bits), f"0{CRC_BITS}b")


def code_from_mark_bits(bits: str) -> str | None:
    """The code a mark's 60 bits carry, or None if their length or checksum is wrong."""
    if len(bits) != MARK_BITS or set(bits) - {"0", "1"}:
        return None
    data = bits[:CODE_BITS]
    if crc10(data) != int(bits[CODE_BITS:], 2):
        return None
    return _shown("".join(ALPHABET[int(data[i : i + SYMBOL_BITS], 2)] for i in range(0, CODE_BITS, SYMBOL_BITS)))
