"""The root of every domain error. Each domain defines its own errors, named for what happened,
in its ``errors.py``; they carry a message for a person and nothing about HTTP. One table,
``portal/web/errors.py``, gives each its status and code."""


class DomainError(Exception):
    """Something a request asked for that the domain refuses; ``message`` is for a person."""

    message = "The request was refused."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or type(self).message)
        self.message = message or type(self).message
