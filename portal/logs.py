"""Request logging that keeps no client address, no path parameters and no query string."""

import logging
import time

from flask import Flask, Response, g, request
from werkzeug.serving import WSGIRequestHandler

log = logging.getLogger("sottovoce")


def init_logging(app: Flask) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Werkzeug's own request log starts with the client address: silence it.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _log(response: Response) -> Response:
        # The route's pattern, not the path: no case id, item id or token reaches the log.
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        log.info("%s %s %s %.1fms", request.method, rule, response.status_code, elapsed)
        return response


class AddresslessRequestHandler(WSGIRequestHandler):
    """Werkzeug's development handler with the client address blanked out of anything it logs."""

    def address_string(self) -> str:
        return "-"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return
