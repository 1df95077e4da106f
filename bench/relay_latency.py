"""POST -> event latency and deliveries per second, with 100 and 500 connected Socket.IO clients.

Three set-ups: one portal process on SQLite, one on PostgreSQL, two processes on PostgreSQL +
Redis (clients spread over both, posts through the first). Every client is signed in as an
office member, so each post is delivered to every client. Prints a table; asserts nothing.

Run: PYTHONPATH=. .venv/bin/python bench/relay_latency.py [--clients 100 500] [--posts 50]
"""

import argparse
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import socketio

from tests.factories import Office, bearer
from tests.live import LiveServer, drive, live_server, prepared_office, server_env
from tests.services import require_redis, temporary_postgres_database


class Receivers:
    """Many clients; records, per item id, when each delivery arrived."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.arrivals: dict[str, list[float]] = {}
        self.clients: list[socketio.Client] = []

    def add(self, base_url: str, token: str) -> None:
        client = socketio.Client(reconnection=False)

        def on_message(data: dict[str, str]) -> None:
            now = time.perf_counter()
            with self.lock:
                self.arrivals.setdefault(data["id"], []).append(now)

        client.on("message", on_message, namespace="/v1")
        client.connect(base_url, namespaces=["/v1"], auth={"token": token}, transports=["websocket"], wait_timeout=30)
        self.clients.append(client)

    def close(self) -> None:
        for c in self.clients:
            c.disconnect()


@contextmanager
def setup(kind: str, folder: Path) -> Iterator[tuple[Office, list[LiveServer]]]:
    with ExitStack() as stack:
        settings = {"auth_idle_minutes": "600"}
        url = None
        if kind != "sqlite":
            url = stack.enter_context(temporary_postgres_database())
        if kind == "postgres+redis":
            settings |= {"message_queue": require_redis(), "realtime_channel": f"bench-{time.time_ns()}"}
        env = server_env(folder / kind, url, **settings)
        office = prepared_office(env)
        count = 2 if kind == "postgres+redis" else 1
        servers = [stack.enter_context(live_server(env, f"p{i}")) for i in range(count)]
        drive(office, servers[0])
        yield office, servers
        office.app.extensions["sottovoce"]["engine"].dispose()


def run(kind: str, clients: int, posts: int, folder: Path) -> dict[str, float]:
    with setup(kind, folder) as (office, servers):
        member = office.enrol("bench")
        office.sign_in_member(member)
        visitor = office.open_case()
        receivers = Receivers()
        try:
            for i in range(clients):
                receivers.add(servers[i % len(servers)].base_url, member.token)
            sent: dict[str, float] = {}
            url = f"/api/v1/cases/{visitor.case_id}/messages"
            started = time.perf_counter()
            for i in range(posts):
                env = office.visitor_envelope(visitor, f"bench {i}")
                sent[env.id] = time.perf_counter()
                answer = office.client.post(url, json=env.to_json(), headers=bearer(visitor.token))
                assert answer.status_code == 201, answer.json
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with receivers.lock:
                    done = sum(len(v) for v in receivers.arrivals.values())
                if done >= clients * posts:
                    break
                time.sleep(0.05)
            with receivers.lock:
                latencies = [(t - sent[i]) * 1000 for i, ts in receivers.arrivals.items() for t in ts]
                last = max(t for ts in receivers.arrivals.values() for t in ts)
        finally:
            receivers.close()
    latencies.sort()
    return {
        "delivered": len(latencies),
        "expected": clients * posts,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1],
        "deliveries_per_s": len(latencies) / (last - started),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--setups", nargs="+", default=["sqlite", "postgres", "postgres+redis"])
    args = parser.parse_args()
    print(f"{'setup':<16} {'clients':>7} {'delivered':>11} {'p50 ms':>8} {'p99 ms':>8} {'deliveries/s':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.setups:
            for clients in args.clients:
                r = run(kind, clients, args.posts, Path(tmp))
                print(
                    f"{kind:<16} {clients:>7} {int(r['delivered']):>5}/{int(r['expected']):<5} "
                    f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['deliveries_per_s']:>13.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
