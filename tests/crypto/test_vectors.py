import json
import subprocess
import sys
from pathlib import Path

import pytest

from crypto.envelope import is_padded_length
from crypto.make_vectors import write_vectors
from crypto.vectors import check_folder
from tests.paths import OUR_VECTORS, VECTORS


def test_every_shared_vector_passes() -> None:
    results = check_folder(VECTORS)
    assert len(results) >= 23
    assert [r for r in results if not r.ok] == []


def test_checker_command_prints_tally_and_fails_on_a_broken_vector(tmp_path: Path) -> None:
    data = json.loads((VECTORS / "pow.json").read_text())
    data["vectors"][0]["valid_nonce"] = data["vectors"][0]["invalid_nonce"]
    (tmp_path / "pow.json").write_text(json.dumps(data))
    run = subprocess.run(
        [sys.executable, "-m", "crypto", "check-vectors", str(tmp_path)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert run.stdout.splitlines()[-1] == "1 passed, 1 failed"


def test_checker_command_passes_on_shared_vectors() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "crypto", "check-vectors", str(VECTORS)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout
    assert run.stdout.splitlines()[-1].endswith("passed, 0 failed")


@pytest.mark.parametrize("n", [256, 512, 4096])
def test_padded_lengths_are_powers_of_two_from_256(n: int) -> None:
    assert is_padded_length(n)
    assert not is_padded_length(n - 1)
    assert not is_padded_length(n + 16)


def test_every_vector_of_our_own_passes() -> None:
    results = check_folder(OUR_VECTORS)
    assert results
    assert [r for r in results if not r.ok] == []


def _without_envelopes(data: object) -> object:
    """The file with every envelope blanked: a sealed box draws its own ephemeral key each time."""
    if isinstance(data, dict):
        return {k: None if k == "envelope" else _without_envelopes(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_envelopes(v) for v in data]
    return data


def test_our_vectors_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The committed vectors are the code's: regenerating them changes nothing (case_tags.json:
    nothing but its envelopes, which check the same)."""
    for path in write_vectors(tmp_path):
        written, committed = path.read_text("utf-8"), (OUR_VECTORS / path.name).read_text("utf-8")
        if path.name == "case_tags.json":
            assert _without_envelopes(json.loads(written)) == _without_envelopes(json.loads(committed))
            assert all(r.ok for r in check_folder(tmp_path) if r.name == path.name)
        else:
            assert written == committed, path.name
