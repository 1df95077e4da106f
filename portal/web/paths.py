"""Path parameters: a segment with NUL names nothing (PostgreSQL text cannot hold one, and
SQLite would just find nothing), so such a path matches no route and answers 404 on both
engines, before any view or query sees it."""

from flask import Flask
from werkzeug.routing import UnicodeConverter, ValidationError


class Segment(UnicodeConverter):
    """The default ``<name>``: one path segment, without NUL."""

    def to_python(self, value: str) -> str:
        if "\0" in value:
            raise ValidationError()
        return value


def init_paths(app: Flask) -> None:
    """Before any blueprint is registered: each rule takes its converter when it is added."""
    app.url_map.converters["default"] = Segment
    app.url_map.converters["string"] = Segment
