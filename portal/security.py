"""Security headers on every response, and redirects to paths only. Pages load only our own
files: no CDN, no font service, so the portal works as an onion service and leaks no visit to a
third party."""

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, redirect, request
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response as BaseResponse

# libsodium.js instantiates WebAssembly, which CSP allows only with 'wasm-unsafe-eval'.
# Trusted Types: our only policy ("sottovoce") turns same-origin script paths into URLs
# for module workers; no string ever becomes HTML.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types sottovoce",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}

PUBLIC_DOCUMENTS = frozenset({"/api/v1/openapi.json"})


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/static/"):
        # Public code: may be kept, but always revalidated so an upgrade reaches every browser.
        response.headers["Cache-Control"] = "no-cache"
    elif request.path in PUBLIC_DOCUMENTS:
        # Public, the same for everyone, no secret in it: may be kept an hour.
        response.headers["Cache-Control"] = "public, max-age=3600"
    else:
        # The API and the pages that show content: never stored, never brought back by Back.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def relative_redirect() -> BaseResponse | None:
    """Werkzeug's own redirects (/office to /office/, merged slashes) would name the request's
    Host header in their Location and body, and whoever sends a request chooses that header: a
    forged one, cached, would send browsers elsewhere. Here they name a path of this portal
    only, which the browser resolves against the address it trusts."""
    exc = request.routing_exception
    if not isinstance(exc, RequestRedirect):
        return None
    parts = urlsplit(exc.new_url)
    # "//host/x" and "/\\host/x" are other hosts to a browser: one leading slash only.
    path = "/" + parts.path.lstrip("/\\")
    return redirect(urlunsplit(("", "", path, parts.query, "")), exc.code)


def init_security(app: Flask) -> None:
    app.before_request(relative_redirect)
    app.after_request(add_security_headers)
