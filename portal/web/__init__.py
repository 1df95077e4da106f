"""The HTTP edge shared by every domain's ``api.py``: the request's context, its caller, its
body, rate limits, and the one table from domain errors to statuses and codes."""

from portal.web.context import EXTENSION, announcer, deps, session_factory, transaction

__all__ = ["EXTENSION", "announcer", "deps", "session_factory", "transaction"]
