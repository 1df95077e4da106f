"""The client's failures: each is one line for the person, and an exit code."""


class ClientError(Exception):
    """A failure to report as one line; ``code`` is the process's exit status."""

    code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(ClientError):
    """A bad argument or command, as argparse would say it."""

    code = 2


class IntegrityError(ClientError):
    """The portal cannot be trusted now (a log that does not verify or does not extend the one
    seen before, a pin that does not open): the client stops before it sends or shows anything."""

    code = 3


class ApiError(ClientError):
    """The portal answered with an error (``status`` 0: it could not be reached)."""

    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
