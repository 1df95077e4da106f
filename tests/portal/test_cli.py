"""The ``sottovoce`` console script, run as a user runs it."""

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.factories import new_office
from tests.office_log import first_genesis, served_log
from tests.paths import ROOT, free_port

SOTTOVOCE = ROOT / ".venv" / "bin" / "sottovoce"


def _cli(instance: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if not SOTTOVOCE.exists():
        pytest.fail("the sottovoce console script is missing: run `make setup` to create .venv")
    full = {**os.environ, "SOTTOVOCE_INSTANCE": str(instance), **(env or {})}
    full.pop("SOTTOVOCE_DATABASE_URL", None)
    return subprocess.run([str(SOTTOVOCE), *args], capture_output=True, text=True, env=full, timeout=60)


def test_init_invite_and_purge(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    made = _cli(instance, "init", "--name", "CERN Ombuds", "--visitor-kdf", "3:67108864")
    assert made.returncode == 0, made.stderr
    assert "Created office office-" in made.stdout
    again = _cli(instance, "init", "--name", "Another")
    assert again.returncode == 1
    assert "already" in again.stderr

    line = _cli(instance, "invite", "--json")
    assert line.returncode == 0, line.stderr
    invitation = json.loads(line.stdout)
    assert set(invitation) == {"token", "url", "expires_at"}
    assert invitation["url"].endswith(f"/office/enrol#{invitation['token']}")
    assert invitation["expires_at"] > time.time() + 71 * 3600
    # Only the token's hash is stored.
    assert invitation["token"].encode() not in (instance / "sottovoce.db").read_bytes()
    # The link points where members reach the portal: --base-url, else the public origin setting
    given = json.loads(_cli(instance, "invite", "--json", "--base-url", "https://ombuds.example").stdout)
    assert given["url"].startswith("https://ombuds.example/office/enrol#")
    env = {"SOTTOVOCE_PASSKEYS_ORIGIN": "https://ombuds.example.org"}
    behind_proxy = json.loads(_cli(instance, "invite", "--json", env=env).stdout)
    assert behind_proxy["url"].startswith("https://ombuds.example.org/office/enrol#")

    purged = _cli(instance, "purge")
    assert purged.returncode == 0, purged.stderr
    assert purged.stdout.startswith("Destroyed 0 expired items")


def test_weak_parameters_are_refused(tmp_path: Path) -> None:
    weak = _cli(tmp_path / "instance", "init", "--name", "X", "--member-kdf", "1:1024")
    assert weak.returncode != 0
    assert "at least" in weak.stderr
    garbled = _cli(tmp_path / "instance", "init", "--name", "X", "--visitor-kdf", "fast")
    assert garbled.returncode == 2


def test_run_on_an_empty_database_creates_a_demo_office_and_prints_a_link(tmp_path: Path) -> None:
    if not SOTTOVOCE.exists():
        pytest.fail("the sottovoce console script is missing: run `make setup` to create .venv")
    env = {**os.environ, "SOTTOVOCE_INSTANCE": str(tmp_path / "instance")}
    env.pop("SOTTOVOCE_DATABASE_URL", None)
    proc = subprocess.Popen(
        [str(SOTTOVOCE), "run", "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(4)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    text = "".join(lines)
    assert "Created the demo office" in text
    assert "/office/enrol#" in text


def test_fingerprint_is_verified_from_the_log_and_printed_with_a_link(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    office = new_office(instance)
    none_yet = _cli(instance, "fingerprint")
    assert none_yet.returncode == 0, none_yet.stderr
    assert "no signed log yet" in none_yet.stdout
    office.enrol("alice", genesis=first_genesis())
    state = served_log(office)
    office.app.extensions["sottovoce"]["engine"].dispose()
    shown = _cli(instance, "fingerprint", "--base-url", "https://ombuds.example")
    assert shown.returncode == 0, shown.stderr
    assert f"Office fingerprint: {state.fingerprint}" in shown.stdout
    assert state.short_code in shown.stdout
    assert f"https://ombuds.example/#fp={state.fingerprint.replace(' ', '')}" in shown.stdout
