"""The portal's HTTP API (PROTOCOL.md section 8) over the standard library's urllib: JSON in and
out, the bearer token in a header, the server's errors as ApiError with the server's own words."""

import contextlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from email.utils import parsedate_to_datetime
from typing import Any

from terminal.errors import ApiError, UsageError

API = "/api/v1"
TIMEOUT_SECONDS = 60
NETWORK_MESSAGE = "the portal at {url} could not be reached ({why})"
UNREADABLE_MESSAGE = "the portal answered something unexpected (HTTP {status})"


LOOPBACK = ("localhost", "127.0.0.1", "::1")


def plain_http(url: str) -> bool:
    """True for an http:// address off this machine: the session's token would cross the network
    unencrypted (what is sealed stays sealed, but the token signs in as you until it expires)."""
    parsed = urllib.parse.urlsplit(url)
    return parsed.scheme == "http" and parsed.hostname not in LOOPBACK


def portal_url(raw: str) -> str:
    """The portal's address, checked: http or https, a host, no path beyond /."""
    parsed = urllib.parse.urlsplit(raw.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UsageError(f"--url must be the portal's address, like https://ombuds.example.org (not {raw!r})")
    return f"{parsed.scheme}://{parsed.netloc}{parsed.path.rstrip('/')}"


class Api:
    """One portal; ``token`` once signed in. ``clock_offset`` is the server's clock minus ours, as
    its last answer's Date header tells it: envelopes carry times the server holds to its own."""

    def __init__(self, base_url: str) -> None:
        self.base_url = portal_url(base_url)
        self.token: str | None = None
        self.clock_offset = 0.0

    def request(self, method: str, path: str, body: object = None) -> Any:
        """``path`` under the API (/api/v1)."""
        return self.fetch(method, API + path, body)

    def fetch(self, method: str, path: str, body: object = None) -> Any:
        """JSON from any path of the portal (the API, or a static file such as the word list)."""
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode("utf-8")
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        # (portal_url allows http and https only, never file: or another scheme)
        url = self.base_url + path
        req = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
                status, raw = answer.status, answer.read()
                self._observe_date(answer.headers.get("Date"))
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
            self._observe_date(err.headers.get("Date"))
        except (urllib.error.URLError, OSError) as err:
            why = getattr(err, "reason", None) or err
            raise ApiError(0, "network", NETWORK_MESSAGE.format(url=self.base_url, why=why)) from err
        try:
            answer_json = json.loads(raw)
        except ValueError as err:
            raise ApiError(status, "unreadable", UNREADABLE_MESSAGE.format(status=status)) from err
        if status >= 400:
            error = answer_json.get("error", {}) if isinstance(answer_json, dict) else {}
            message = error.get("message") or UNREADABLE_MESSAGE.format(status=status)
            raise ApiError(status, str(error.get("code", "error")), str(message))
        return answer_json

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def post(self, path: str, body: object = None) -> Any:
        return self.request("POST", path, {} if body is None else body)

    def put(self, path: str, body: object) -> Any:
        return self.request("PUT", path, body)

    def sign_out(self) -> None:
        """Revokes the session on the server (best effort) and forgets the token."""
        if not self.token:
            return
        with contextlib.suppress(ApiError):  # (if not, it expires on its own after the idle time)
            self.request("DELETE", "/auth/session")
        self.token = None

    def server_now(self) -> int:
        """The server's clock as well as we know it, in Unix seconds."""
        return int(time.time() + self.clock_offset)

    def _observe_date(self, value: str | None) -> None:
        if not value:
            return
        with contextlib.suppress(TypeError, ValueError):
            self.clock_offset = parsedate_to_datetime(value).timestamp() - time.time()
