"""A visitor starts a case from the terminal: a codename drawn and shown once, two words typed back."""

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.client.conftest import Portal, Shell, client
from tests.client.test_relay import fingerprint_of
from tests.paths import ROOT


def test_a_visitor_starts_a_case_writes_and_signs_in_again_with_the_codename(portal: Portal) -> None:
    fp = fingerprint_of(portal)
    start = Shell(portal, "visitor", "--fingerprint", fp, "start", "--text", "My first words.")
    shown = start.read_until("To show you have it")
    found = re.search(r"^    ((?:[a-z-]+ ){7}[a-z-]+)$", shown, re.MULTILINE)
    assert found is not None, shown
    codename = found.group(1).split(" ")
    asked = re.search(r"type word (\d) and word (\d)", shown)
    assert asked is not None, shown
    status, out, err = start.finish("".join(codename[int(n) - 1] + "\n" for n in asked.groups()))
    assert status == 0, err
    case = re.search(r"Your case is open: Case (c_\w+)\.", out)
    assert case is not None, out
    assert "Sent to the office" in out

    again = client(portal, "visitor", "read", answers=" ".join(codename) + "\n")
    assert again.returncode == 0, again.stderr
    assert f"Your case, Case {case.group(1)}" in again.stdout
    assert "    My first words." in again.stdout


def test_a_word_typed_back_wrong_opens_no_case(portal: Portal) -> None:
    start = Shell(portal, "visitor", "--fingerprint", fingerprint_of(portal), "start")
    start.read_until("To show you have it")
    status, out, err = start.finish("wrong\nwords\n")
    assert status == 1
    assert "of your codename: no case was opened; start again" in err
    assert "Your case is open" not in out


def test_a_codename_is_never_written_to_a_file(portal: Portal, tmp_path: Path) -> None:
    saved = tmp_path / "out.txt"
    with saved.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "terminal", "--url", portal.url, "visitor", "start"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            timeout=120,
        )
    assert done.returncode == 1
    assert "your codename is never written to a file" in done.stderr
    assert saved.read_text() == ""
