"""Scheduled work inside a serving process: the purge, every few seconds, announced live."""

import logging
import threading

from flask import Flask
from sqlalchemy.orm import Session

from portal.purge import ExpiredItem, PurgeReport, purge_expired
from portal.web import EXTENSION

log = logging.getLogger("sottovoce.purge")


def run_purge(app: Flask) -> PurgeReport:
    """Purge once; announce each batch as it is destroyed, then cut the sockets of ended sessions."""
    ext = app.extensions[EXTENSION]
    announcer = ext["announcer"]

    def announce(items: list[ExpiredItem]) -> None:
        for item in items:
            announcer.expired(item.case_id, item.item_id, office_only=item.office_only)

    with app.app_context(), ext["engine"].connect() as connection, Session(bind=connection) as session:
        report = purge_expired(session, ext["deps"], announce)
    announcer.cut(report.sockets_to_cut)
    if report.items or report.cases:
        log.info("purged %d items and %d cases", len(report.items), report.cases)
    return report


def start_purge_scheduler(app: Flask) -> threading.Event:
    """Start the purge loop in a daemon thread; set the returned event to stop it."""
    interval = app.extensions[EXTENSION]["deps"].settings.purge_interval_seconds
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            try:
                run_purge(app)
            except Exception as exc:  # a failed round must not end the loop; the next one retries
                log.error("purge failed: %s", type(exc).__name__)

    threading.Thread(target=loop, name="sottovoce-purge", daemon=True).start()
    return stop
