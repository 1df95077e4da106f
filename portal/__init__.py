"""Sottovoce's Flask application: ``create_app`` assembles settings, database and blueprints."""

import time
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask
from flask_socketio import SocketIO

from portal.clock import Clock, SystemClock
from portal.db import make_engine, make_session_factory
from portal.deps import Deps
from portal.instance import load_instance_secrets
from portal.logs import init_logging
from portal.realtime.events import Announcer
from portal.realtime.namespace import EventsNamespace
from portal.schema import upgrade
from portal.security import init_security
from portal.settings import Settings, load_settings
from portal.web.context import EXTENSION
from portal.web.errors import register_error_handlers
from portal.web.paths import init_paths

STATIC = Path(__file__).resolve().parent.parent / "static"


def create_app(settings: Settings | None = None, clock: Clock | None = None, **overrides: Any) -> Flask:
    settings = settings or load_settings(**overrides)
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    secrets = load_instance_secrets(settings.instance_path)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    # Threading mode with simple-websocket: no monkey-patching, real threads (docs/adr/0001).
    socketio = SocketIO(
        app,
        async_mode="threading",
        message_queue=settings.message_queue or None,
        channel=settings.realtime_channel,
        logger=False,
        engineio_logger=False,
    )
    socketio.on_namespace(EventsNamespace())
    app.extensions[EXTENSION] = {
        "deps": Deps(settings, secrets, clock or SystemClock()),
        "sessions": make_session_factory(engine),
        "engine": engine,
        "socketio": socketio,
        "announcer": Announcer(socketio),
    }
    # An envelope is base64 (4/3 larger) plus JSON framing.
    app.config["MAX_CONTENT_LENGTH"] = (settings.messages_max_padded_bytes + settings.messages_max_header_bytes) * 2
    app.json.sort_keys = False  # type: ignore[attr-defined]

    app.jinja_env.filters["datetime"] = lambda t: time.strftime("%d %B %Y, %H:%M UTC", time.gmtime(int(t)))
    init_logging(app)
    init_security(app)
    register_error_handlers(app)
    init_paths(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    return app


def _blueprints() -> list[Blueprint]:
    """Each domain's routes (its ``api.py``), then the page shells."""
    from portal import pages
    from portal.alerts import api as alerts
    from portal.auth import api as auth
    from portal.bookmarks import api as bookmarks
    from portal.case_tags import api as case_tags
    from portal.cases import api as cases
    from portal.exceptions import api as exceptions
    from portal.guidance import api as guidance
    from portal.guidance import pages as guidance_pages
    from portal.log import api as log
    from portal.members import api as members
    from portal.messages import api as messages
    from portal.office import api as office
    from portal.openapi import bp as openapi
    from portal.passkeys import api as passkeys
    from portal.pins import api as pins

    domains = [office.bp, log.bp, auth.bp, passkeys.bp, cases.bp, messages.bp, pins.bp, bookmarks.bp]
    domains += [members.bp, guidance.bp, alerts.bp, exceptions.bp, case_tags.bp, openapi]
    return [*domains, pages.bp, guidance_pages.bp]
