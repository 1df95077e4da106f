"""Scheduled work inside a serving process: the purge, every few seconds, announced live, and
between purges a quick sweep that ends timed-out sessions and cuts their sockets; at every tick,
members' email alerts that are due."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy.orm import Session

from portal.alerts.sender import send_due_alerts
from portal.messages.destruction import ExpiredItem, for_office_only
from portal.purge import PurgeReport, end_sessions, purge_expired
from portal.web.context import EXTENSION

log = logging.getLogger("sottovoce.purge")
# A session that times out loses its sockets within this many seconds, whatever the purge interval.
SESSION_SWEEP_SECONDS = 5


@contextmanager
def _job_session(app: Flask) -> Iterator[Session]:
    """A session bound to one connection for a whole job (the purge's cluster lock lives on it)."""
    with app.app_context(), app.extensions[EXTENSION]["engine"].connect() as connection, Session(bind=connection) as s:
        yield s


def run_purge(app: Flask) -> PurgeReport:
    """Purge once; announce each batch as it is destroyed, then cut the sockets of ended sessions."""
    ext = app.extensions[EXTENSION]
    announcer = ext["announcer"]

    def announce(items: list[ExpiredItem]) -> None:
        for item in items:
            announcer.expired(item.case_id, item.item_id, office_only=for_office_only(item.kind))

    with _job_session(app) as session:
        report = purge_expired(session, ext["deps"], announce)
    announcer.cut(report.sockets_to_cut)
    if report.items or report.cases:
        log.info("purged %d items and %d cases", len(report.items), report.cases)
    return report


def sweep_sessions(app: Flask) -> list[str]:
    """End the sessions that have timed out and cut their sockets; returns the sockets cut."""
    ext = app.extensions[EXTENSION]
    with _job_session(app) as session:
        sockets = end_sessions(session, ext["deps"])
    ext["announcer"].cut(sockets)
    return sockets


def send_alerts(app: Flask) -> int:
    """Email the members whose alerts are due (portal/alerts); returns how many were sent."""
    with _job_session(app) as session:
        return send_due_alerts(session, app.extensions[EXTENSION]["deps"])


def start_purge_scheduler(app: Flask) -> threading.Event:
    """Start the purge loop in a daemon thread; set the returned event to stop it."""
    interval = app.extensions[EXTENSION]["deps"].settings.purge_interval_seconds
    tick = min(interval, SESSION_SWEEP_SECONDS)
    stop = threading.Event()

    def loop() -> None:
        waited = 0
        while not stop.wait(tick):
            waited += tick
            try:
                if waited >= interval:
                    waited = 0
                    run_purge(app)
                else:
                    sweep_sessions(app)
                send_alerts(app)
            except Exception as exc:  # a failed round must not end the loop; the next one retries
                log.error("scheduled work failed: %s", type(exc).__name__)

    threading.Thread(target=loop, name="sottovoce-purge", daemon=True).start()
    return stop
