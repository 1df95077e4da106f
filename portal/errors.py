"""Domain errors. Services raise them; one handler turns each into a JSON error response."""


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class BadInput(DomainError):
    status = 400
    code = "bad_input"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Gone(DomainError):
    status = 410
    code = "gone"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# One message for every failed sign-in, so an attacker learns nothing from which check failed.
SIGN_IN_FAILED = "Sign-in failed. Check what you entered and try again."


def sign_in_failed() -> Unauthorized:
    return Unauthorized(SIGN_IN_FAILED, "sign_in_failed")
