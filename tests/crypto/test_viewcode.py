import pytest

from crypto.viewcode import ALPHABET, code_from_mark_bits, mark_bits, new_view_code, normalize_view_code


def test_new_codes_are_shown_as_two_groups_of_five_from_the_alphabet() -> None:
    codes = {new_view_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert code[5] == "-"
        assert all(c in ALPHABET for c in code.replace("-", ""))
        assert normalize_view_code(code) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [("7k3qd m9xta", "7K3QD-M9XTA"), ("OIL00-11111", "01100-11111"), ("7K3QD-M9XTU", None), ("7K3Q", None)],
)
def test_typed_codes_forgive_case_spacing_and_look_alikes(typed: str, code: str | None) -> None:
    assert normalize_view_code(typed) == code


def test_every_single_bit_flip_of_a_mark_is_caught() -> None:
    bits = mark_bits("7K3QD-M9XTA")
    assert code_from_mark_bits(bits) == "7K3QD-M9XTA"
    for i in range(len(bits)):
        flipped = bits[:i] + ("1" if bits[i] == "0" else "0") + bits[i + 1 :]
        assert code_from_mark_bits(flipped) is None, i


def test_mark_bits_refuse_what_is_not_a_code() -> None:
    with pytest.raises(ValueError, match="not a view code"):
        mark_bits("HELLO")
