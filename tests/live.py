"""Real portal processes for tests: ``sottovoce run`` in a subprocess, and an HTTP client for it
with the same surface as Flask's test client, so the factories drive either."""

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from portal.clock import FixedClock
from portal.settings import load_settings
from tests.factories import TEST_POW_DIFFICULTY, Office, make_office
from tests.paths import ROOT, free_port

SOTTOVOCE = ROOT / ".venv" / "bin" / "sottovoce"


@dataclass
class LiveResponse:
    status_code: int
    json: Any


class LiveClient:
    """requests against a running portal, answering like Flask's test client."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def open(self, path: str, method: str = "GET", **kwargs: Any) -> LiveResponse:
        answer = self.http.request(method, self.base_url + path, timeout=30, **kwargs)
        try:
            body = answer.json()
        except ValueError:
            body = None
        return LiveResponse(answer.status_code, body)

    def get(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "GET", **kwargs)

    def post(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "POST", **kwargs)

    def put(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "PUT", **kwargs)

    def delete(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "DELETE", **kwargs)


@dataclass
class LiveServer:
    base_url: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def server_env(instance: Path, database_url: str | None = None, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOTTOVOCE_")}
    env["SOTTOVOCE_INSTANCE"] = str(instance)
    env["SOTTOVOCE_POW_DIFFICULTY"] = str(TEST_POW_DIFFICULTY)
    if database_url:
        env["SOTTOVOCE_DATABASE_URL"] = database_url
    env.update({f"SOTTOVOCE_{k.upper()}": v for k, v in settings.items()})
    return env


@contextmanager
def live_server(env: dict[str, str], name: str = "portal", gunicorn_threads: int = 0) -> Iterator[LiveServer]:
    """``sottovoce run``, or with ``gunicorn_threads`` the README's production command."""
    if not SOTTOVOCE.exists():
        pytest.fail("the sottovoce console script is missing: run `make setup` to create .venv")
    port = free_port()
    command = [str(SOTTOVOCE), "run", "--port", str(port)]
    if gunicorn_threads:
        gunicorn = str(SOTTOVOCE.with_name("gunicorn"))
        command = [gunicorn, "--worker-class", "gthread", "--threads", str(gunicorn_threads), "-w", "1"]
        command += ["-b", f"127.0.0.1:{port}", "portal.wsgi:app"]
    log_path = Path(env["SOTTOVOCE_INSTANCE"]) / f"{name}-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, env=env)
    base_url = f"http://127.0.0.1:{port}"
    server = LiveServer(base_url, log_path, process)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(base_url + "/api/v1/office", timeout=2).status_code in (200, 404):
                    break
            except requests.RequestException:
                pass  # not listening yet, or too busy starting to answer in time
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the portal did not start:\n{server.log()}")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def prepared_office(env: dict[str, str]) -> Office:
    """Create the office (fast test parameters) in the database a server will use, before it starts,
    so ``run`` finds it; the returned Office's client must then be pointed at a live server."""
    from portal import create_app

    clock = FixedClock(int(time.time()))
    app = create_app(load_settings(env), clock=clock)
    office_id = make_office(app)
    return Office(app, app.test_client(), clock, office_id)


def drive(office: Office, server: LiveServer) -> Office:
    """The same office, its requests now going over HTTP to ``server``."""
    office.client = LiveClient(server.base_url)  # type: ignore[assignment]
    return office
