"""Sottovoce's Flask application: ``create_app`` assembles settings, database and blueprints."""

import logging
import time
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request
from flask_socketio import SocketIO
from werkzeug.exceptions import HTTPException

from portal.clock import Clock, SystemClock
from portal.db import make_engine, make_session_factory
from portal.deps import Deps
from portal.errors import DomainError, RateLimited
from portal.instance import load_instance_secrets
from portal.logs import init_logging
from portal.realtime.events import Announcer
from portal.realtime.namespace import EventsNamespace
from portal.schema import upgrade
from portal.security import init_security
from portal.settings import Settings, load_settings
from portal.web import EXTENSION

STATIC = Path(__file__).resolve().parent.parent / "static"
log = logging.getLogger("sottovoce")


def error_response(status: int, code: str, message: str) -> Response:
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def _register_errors(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(exc: DomainError) -> Response:
        response = error_response(exc.status, exc.code, exc.message)
        if isinstance(exc, RateLimited):
            response.headers["Retry-After"] = str(max(1, exc.retry_after))
        return response

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response | HTTPException:
        if not request.path.startswith("/api/"):
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        if exc.code == 413:
            code = "too_large"
        return error_response(exc.code or 500, code, exc.description or "Request failed.")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # The type only: a message could quote input, and input is not for logs.
        log.error("unexpected %s in %s", type(exc).__name__, request.url_rule.rule if request.url_rule else "-")
        return error_response(500, "internal_error", "Something went wrong on the server. Nothing was stored.")


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
    _register_errors(app)

    from portal import api, pages
    from portal.guidance import api as guidance_api
    from portal.guidance import pages as guidance_pages

    app.register_blueprint(api.bp)
    app.register_blueprint(guidance_api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(guidance_pages.bp)
    return app
