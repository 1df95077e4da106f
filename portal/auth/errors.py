"""What can go wrong signing in, staying signed in, and asking too often."""

from portal.errors import DomainError


class NoToken(DomainError):
    message = "Sign in first."


class SessionEnded(DomainError):
    message = "Your session has ended. Sign in again."


class SignInFailed(DomainError):
    # One message for every failed sign-in, so an attacker learns nothing from which check failed.
    message = "Sign-in failed. Check what you entered and try again."


class MemberRemoved(DomainError):
    # Said only to someone who gave this member's password and second factor: they were that
    # member, and are owed the reason rather than a puzzle.
    message = (
        "You were removed from the office: this account can no longer sign in. "
        "If you think this is a mistake, ask a member of the office."
    )


class MembersOnly(DomainError):
    message = "This is for office members only."


class VisitorsOnly(DomainError):
    message = "Not for you."


class PowInvalid(DomainError):
    message = "The proof-of-work challenge is unknown, used or expired. Start again."


class RateLimited(DomainError):
    message = "Too many attempts. Wait a little and try again."

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after
