"""Browser tests: the real ``sottovoce run`` command in a subprocess, driven by Debian's Chromium.

Key derivation and proof of work run at the portal's default parameters, so the timings the
pages show are what a person would wait."""

import itertools
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.paths import ROOT, free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
SOTTOVOCE = ROOT / ".venv" / "bin" / "sottovoce"
# "localhost", not 127.0.0.1: the server then prints no address, so any "127.0.0.1" in its log
# could only be a client's address, which it must never write.
HOST = "localhost"
ENROL_PROMPT = "Enrol the first member with this one-time link:"
START_TIMEOUT = 30.0
POLL_INTERVAL = 0.1


@dataclass(frozen=True)
class Portal:
    base_url: str
    enrol_url: str
    instance: Path
    log: Path


def _text(log: Path) -> str:
    return log.read_text("utf-8", "replace")


def _enrol_link(log: Path, proc: subprocess.Popen[bytes], deadline: float) -> str:
    """The URL on the line after the prompt that `run` prints on an empty database."""
    while time.monotonic() < deadline:
        lines = _text(log).splitlines()
        for prompt, link in itertools.pairwise(lines):
            if prompt.strip() == ENROL_PROMPT and re.fullmatch(r"\s*https?://\S+#\S+\s*", link):
                return link.strip()
        if proc.poll() is not None:
            pytest.fail(f"sottovoce run exited with {proc.returncode}:\n{_text(log)}")
        time.sleep(POLL_INTERVAL)
    pytest.fail(f"sottovoce run printed no enrolment link in {START_TIMEOUT:.0f} s:\n{_text(log)}")


def _wait_until_serving(base_url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/office", timeout=2) as answer:  # noqa: S310 (our own URL)
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(POLL_INTERVAL)
    pytest.fail(f"{base_url}/api/v1/office did not answer in {START_TIMEOUT:.0f} s")


@pytest.fixture
def portal_env() -> dict[str, str]:
    """Settings for the portal under test, as SOTTOVOCE_* variables; a test module overrides this
    fixture to run it differently (e.g. with lifetimes of seconds)."""
    return {}


@pytest.fixture
def portal(tmp_path: Path, portal_env: dict[str, str]) -> Iterator[Portal]:
    """`sottovoce run` on a fresh instance folder, its output in a log file beside it."""
    if not SOTTOVOCE.exists():
        pytest.fail("the sottovoce console script is missing: run `make setup` to create .venv")
    instance, log = tmp_path / "instance", tmp_path / "server.log"
    port = free_port()
    env = {**os.environ, "SOTTOVOCE_INSTANCE": str(instance)}
    for name in ("SOTTOVOCE_DATABASE_URL", "SOTTOVOCE_MESSAGE_QUEUE", "SOTTOVOCE_POW_DIFFICULTY"):
        env.pop(name, None)
    env.update(portal_env)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(SOTTOVOCE), "run", "--host", HOST, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        enrol_url = _enrol_link(log, proc, deadline)
        base_url = f"http://{HOST}:{port}"
        _wait_until_serving(base_url, deadline)
        yield Portal(base_url, enrol_url, instance, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def chromium_defaults_left_out() -> list[str]:
    """Switches that Playwright passes to Chromium by default and the browser should run without;
    a test module overrides this fixture (e.g. to keep the back/forward cache, which Playwright
    turns off but people's browsers have)."""
    return []


@pytest.fixture
def browser(chromium_defaults_left_out: list[str]) -> Iterator[Browser]:
    """Debian's headless Chromium; the test fails (never skips) when it is not installed."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (or `make test`, which installs it)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            ignore_default_args=chromium_defaults_left_out,
        )
        try:
            yield chromium
        finally:
            chromium.close()
