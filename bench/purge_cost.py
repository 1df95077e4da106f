"""Purge cost: 100k expired items among 100k and among 1M live ones, and request latency while
a purge runs. The purge selects on the indexed expiry column and deletes in batches, so its time
should follow the expired count, not the stored count. Prints figures; asserts nothing.

Run: PYTHONPATH=. .venv/bin/python bench/purge_cost.py [--expired 100000] [--live 100000 1000000]
     [--engines sqlite postgres]
"""

import argparse
import os
import statistics
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import requests
from sqlalchemy import insert

from portal.messages.models import Message
from portal.scheduler import run_purge
from tests.factories import bearer
from tests.live import drive, live_server, prepared_office, server_env
from tests.services import temporary_postgres_database

CHUNK = 20_000


def fill(office_app: object, case_id: str, count: int, expires_at: int | None, received_at: int) -> None:
    engine = office_app.extensions["sottovoce"]["engine"]  # type: ignore[attr-defined]
    rows = []
    with engine.begin() as conn:
        for _ in range(count):
            rows.append(
                {
                    "id": os.urandom(16).hex()[:22],
                    "case_id": case_id,
                    "kind": "message",
                    "sender_ref": "visitor",
                    "header": b"{}",
                    "ciphertext": os.urandom(272),
                    "sig": os.urandom(64),
                    "envelope_hash": os.urandom(32),
                    "received_at": received_at,
                    "expires_at": expires_at,
                    "view_once": False,
                    "size": 256,
                }
            )
            if len(rows) == CHUNK:
                conn.execute(insert(Message), rows)
                rows = []
        if rows:
            conn.execute(insert(Message), rows)


def measure(folder: Path, engine: str, expired: int, live: int) -> dict[str, float]:
    with ExitStack() as stack:
        url = stack.enter_context(temporary_postgres_database()) if engine == "postgres" else None
        return _measure(folder, url, expired, live)


def _measure(folder: Path, url: str | None, expired: int, live: int) -> dict[str, float]:
    env = server_env(folder, url, purge_interval_seconds="100000", auth_idle_minutes="600")
    office = prepared_office(env)
    with live_server(env) as server:
        drive(office, server)
        member = office.enrol("bench")
        office.sign_in_member(member)
        big, small = office.open_case(), office.open_case()
        now = int(time.time())
        t = time.perf_counter()
        fill(office.app, big.case_id, live, None, now)
        fill(office.app, big.case_id, expired, now - 1, now - 100)
        filled = time.perf_counter() - t

        url = f"{server.base_url}/api/v1/cases/{small.case_id}/messages?limit=10"
        headers = bearer(member.token)
        http = requests.Session()

        def sample(n: int) -> list[float]:
            out = []
            for _ in range(n):
                s = time.perf_counter()
                assert http.get(url, headers=headers, timeout=60).status_code == 200
                out.append((time.perf_counter() - s) * 1000)
            return out

        baseline = sample(50)
        during: list[float] = []
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                during.extend(sample(1))

        poller = threading.Thread(target=load)
        poller.start()
        t = time.perf_counter()
        report = run_purge(office.app)
        purge_s = time.perf_counter() - t
        stop.set()
        poller.join()
        assert len(report.items) == expired, len(report.items)
    office.app.extensions["sottovoce"]["engine"].dispose()
    during.sort()
    return {
        "fill_s": filled,
        "purge_s": purge_s,
        "per_item_us": purge_s / expired * 1e6,
        "base_p50": statistics.median(baseline),
        "during_p50": statistics.median(during) if during else float("nan"),
        "during_p99": during[int(len(during) * 0.99) - 1] if during else float("nan"),
        "during_max": during[-1] if during else float("nan"),
        "requests": len(during),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--expired", type=int, default=100_000)
    parser.add_argument("--live", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgres"])
    args = parser.parse_args()
    print("purge in batches of 1000, each its own transaction; SQLite: WAL, secure_delete, checkpoint after")
    columns = ["engine", "expired", "live", "purge s", "µs/item", "GET p50 idle", "GET p50/p99/max during (ms)"]
    columns.append("reqs")
    widths = [8, 8, 9, 8, 8, 13, 28, 5]
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for engine in args.engines:
        for live in args.live:
            with tempfile.TemporaryDirectory() as tmp:
                r = measure(Path(tmp), engine, args.expired, live)
            during = f"{r['during_p50']:.1f}/{r['during_p99']:.1f}/{r['during_max']:.1f}"
            cells = [engine, args.expired, live, f"{r['purge_s']:.2f}", f"{r['per_item_us']:.1f}"]
            cells += [f"{r['base_p50']:.1f}", during, int(r["requests"])]
            print(" ".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)), flush=True)


if __name__ == "__main__":
    main()
