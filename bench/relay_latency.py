"""POST -> event latency and deliveries per second, with 100 and 500 connected Socket.IO clients.

Three set-ups: one portal process on SQLite, one on PostgreSQL, two processes on PostgreSQL +
Redis (clients spread over both, posts through the first). Every client is signed in as an
office member, so each post is delivered to every client. Two phases per set-up:

- paced: one post every --interval seconds; each delivery's latency is its arrival time minus
  the moment its POST was sent, so it includes sealing checks, the commit and the fan-out;
- burst: --burst posts back to back; deliveries per second over the whole burst.

The clients are asyncio clients in one event loop of this process, so that 500 of them cost
the machine little beside the portal; they still share its two cores with it, so the figures
are for everything on one machine. Prints a table; asserts nothing.

Run: PYTHONPATH=. .venv/bin/python bench/relay_latency.py [--clients 100 500] [--posts 20]
     [--gunicorn-threads N]  (the production command instead of `sottovoce run`)
"""

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import socketio

from tests.factories import Office, bearer
from tests.live import LiveServer, drive, live_server, prepared_office, server_env
from tests.services import require_redis, temporary_postgres_database

CONNECTING_AT_ONCE = 50  # the portal's accept queue takes this many handshakes at a time


class Receivers:
    """Many asyncio Socket.IO clients on a loop in a background thread; records, per item id,
    when each delivery arrived."""

    def __init__(self) -> None:
        self.arrivals: dict[str, list[float]] = {}
        self.clients: list[socketio.AsyncClient] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, job: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(job, self.loop).result()

    def connect(self, urls: list[str], token: str) -> None:
        self.run(self._connect_all(urls, token))

    async def _connect_all(self, urls: list[str], token: str) -> None:
        gate = asyncio.Semaphore(CONNECTING_AT_ONCE)

        async def one(url: str) -> None:
            client = socketio.AsyncClient(reconnection=False)

            async def on_message(data: dict[str, str]) -> None:
                self.arrivals.setdefault(data["id"], []).append(time.perf_counter())

            client.on("message", on_message, namespace="/v1")
            async with gate:
                await client.connect(
                    url, namespaces=["/v1"], auth={"token": token}, transports=["websocket"], wait_timeout=30
                )
            self.clients.append(client)

        await asyncio.gather(*(one(u) for u in urls))

    def delivered(self) -> int:
        return self.run(self._count())  # type: ignore[no-any-return]

    async def _count(self) -> int:
        return sum(len(v) for v in self.arrivals.values())

    def wait_for(self, expected: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.delivered() < expected and time.monotonic() < deadline:
            time.sleep(0.05)

    async def _disconnect_all(self) -> None:
        await asyncio.gather(*(c.disconnect() for c in self.clients), return_exceptions=True)

    def close(self) -> None:
        self.run(self._disconnect_all())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@contextmanager
def setup(kind: str, folder: Path, threads: int) -> Iterator[tuple[Office, list[LiveServer]]]:
    with ExitStack() as stack:
        # The bench posts faster than a person may: the per-case pace is not what it measures.
        settings = {"auth_idle_minutes": "600", "quotas_case_posts": "100000"}
        url = None
        if kind != "sqlite":
            url = stack.enter_context(temporary_postgres_database())
        if kind == "postgres+redis":
            settings |= {"message_queue": require_redis(), "realtime_channel": f"bench-{time.time_ns()}"}
        env = server_env(folder, url, **settings)
        office = prepared_office(env)
        count = 2 if kind == "postgres+redis" else 1
        servers = [stack.enter_context(live_server(env, f"p{i}", threads)) for i in range(count)]
        drive(office, servers[0])
        yield office, servers
        office.app.extensions["sottovoce"]["engine"].dispose()


def run(
    kind: str, clients: int, posts: int, interval: float, burst: int, threads: int, folder: Path
) -> dict[str, float]:
    with setup(kind, folder, threads) as (office, servers):
        member = office.enrol("bench")
        office.sign_in_member(member)
        visitor = office.open_case()
        url = f"/api/v1/cases/{visitor.case_id}/messages"
        envelopes = [office.visitor_envelope(visitor, f"bench {i}") for i in range(posts + burst)]
        receivers = Receivers()
        try:
            receivers.connect([servers[i % len(servers)].base_url for i in range(clients)], member.token)
            sent: dict[str, float] = {}

            def post(i: int) -> None:
                env = envelopes[i]
                sent[env.id] = time.perf_counter()
                answer = office.client.post(url, json=env.to_json(), headers=bearer(visitor.token))
                assert answer.status_code == 201, answer.json

            next_at = time.perf_counter()
            for i in range(posts):
                time.sleep(max(0.0, next_at - time.perf_counter()))
                next_at += interval
                post(i)
            receivers.wait_for(clients * posts)
            paced = sorted((t - sent[e.id]) * 1000 for e in envelopes[:posts] for t in receivers.arrivals.get(e.id, []))

            started = time.perf_counter()
            for i in range(posts, posts + burst):
                post(i)
            receivers.wait_for(clients * (posts + burst))
            burst_arrivals = [t for e in envelopes[posts:] for t in receivers.arrivals.get(e.id, [])]
            rss_mib = sum(resident_mib(s.process.pid) for s in servers)
        finally:
            receivers.close()
    return {
        "paced_delivered": len(paced),
        "paced_expected": clients * posts,
        "p50_ms": statistics.median(paced),
        "p99_ms": paced[max(0, int(len(paced) * 0.99) - 1)],
        "burst_delivered": len(burst_arrivals),
        "burst_expected": clients * burst,
        "deliveries_per_s": len(burst_arrivals) / (max(burst_arrivals) - started),
        "rss_mib": rss_mib,
    }


def resident_mib(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's worker is a child), in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return kib / 1024 + sum(resident_mib(int(c)) for c in children)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--posts", type=int, default=20, help="paced posts")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between paced posts")
    parser.add_argument("--burst", type=int, default=20, help="posts back to back")
    parser.add_argument("--setups", nargs="+", default=["sqlite", "postgres", "postgres+redis"])
    parser.add_argument("--gunicorn-threads", type=int, default=0, help="serve with gunicorn gthread, not `run`")
    args = parser.parse_args()
    server = f"gunicorn gthread, {args.gunicorn_threads} threads" if args.gunicorn_threads else "sottovoce run"
    print(f"{server}; paced: {args.posts} posts, one every {args.interval} s; burst: {args.burst} back to back")
    print(
        f"{'setup':<16} {'clients':>7} {'paced delivered':>15} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'burst delivered':>15} {'deliveries/s':>13} {'server MiB':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.setups:
            for clients in args.clients:
                r = run(
                    kind,
                    clients,
                    args.posts,
                    args.interval,
                    args.burst,
                    args.gunicorn_threads,
                    Path(tmp) / f"{kind}-{clients}",
                )
                paced = f"{int(r['paced_delivered'])}/{int(r['paced_expected'])}"
                burst = f"{int(r['burst_delivered'])}/{int(r['burst_expected'])}"
                print(
                    f"{kind:<16} {clients:>7} {paced:>15} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} "
                    f"{burst:>15} {r['deliveries_per_s']:>13.0f} {r['rss_mib']:>10.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
