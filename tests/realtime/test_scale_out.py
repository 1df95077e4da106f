"""Two portal processes on the machine's real PostgreSQL and Redis serve one office."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import Office, bearer
from tests.live import LiveServer, drive, live_server, prepared_office, server_env
from tests.realtime.test_events import listen
from tests.services import require_redis, temporary_postgres_database


@pytest.fixture(params=["run", "gunicorn"])
def cluster(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Office, LiveServer, LiveServer]]:
    """Two processes: `sottovoce run`, or the README's production command (gunicorn gthread)."""
    threads = 50 if request.param == "gunicorn" else 0
    redis_url = require_redis()
    with temporary_postgres_database() as db_url:
        env = server_env(
            tmp_path / "instance",
            db_url,
            message_queue=redis_url,
            realtime_channel=f"sottovoce-test-{tmp_path.name}-{time.time_ns()}",
            messages_ttl_min_seconds="1",
            purge_interval_seconds="1",
        )
        office = prepared_office(env)
        with live_server(env, "a", threads) as a, live_server(env, "b", threads) as b:
            drive(office, a)
            office.sign_in_member(office.enrol("alice"))
            yield office, a, b
        office.app.extensions["sottovoce"]["engine"].dispose()


def test_an_event_raised_in_one_process_reaches_a_socket_held_by_another(
    cluster: tuple[Office, LiveServer, LiveServer],
) -> None:
    office, _a, b = cluster
    member = office.members[0]
    visitor = office.open_case()
    ear_on_b = listen(b, member.token)
    visitor_ear_on_b = listen(b, visitor.token)
    try:
        env = office.visitor_envelope(visitor, "through A")
        url = f"/api/v1/cases/{visitor.case_id}/messages"
        assert office.client.post(url, json=env.to_json(), headers=bearer(visitor.token)).status_code == 201
        assert ear_on_b.wait_for(1) == [("message", {"case_id": visitor.case_id, "id": env.id})]
        assert visitor_ear_on_b.wait_for(1) == [("message", {"case_id": visitor.case_id, "id": env.id})]
    finally:
        ear_on_b.close()
        visitor_ear_on_b.close()


def test_signing_out_on_one_process_cuts_the_socket_on_another(cluster: tuple[Office, LiveServer, LiveServer]) -> None:
    office, _a, b = cluster
    visitor = office.open_case()
    ear_on_b = listen(b, visitor.token)
    assert office.client.delete("/api/v1/auth/session", headers=bearer(visitor.token)).status_code == 200
    deadline = time.monotonic() + 5
    while ear_on_b.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not ear_on_b.client.connected


def test_purge_running_in_both_processes_does_each_items_work_once(
    cluster: tuple[Office, LiveServer, LiveServer],
) -> None:
    office, a, b = cluster
    member = office.members[0]
    visitor = office.open_case()
    ear = listen(a, member.token)
    try:
        url = f"/api/v1/cases/{visitor.case_id}/messages"
        ids = []
        for i in range(20):
            env = office.visitor_envelope(visitor, f"short-lived {i}", ttl=1)
            assert office.client.post(url, json=env.to_json(), headers=bearer(visitor.token)).status_code == 201
            ids.append(env.id)
        ear.wait_for(20 + 20)
        time.sleep(2.5)  # both processes purge every second; give them a few rounds
        expired = [data["id"] for name, data in ear.events if name == "expired"]
        assert sorted(expired) == sorted(ids)  # each item announced, and so destroyed, exactly once
        listing = office.client.get(url, headers=bearer(member.token)).json
        assert listing is not None
        assert listing["items"] == []
        log = a.log() + b.log()
        assert log.count("purged") >= 1
    finally:
        ear.close()
