"""Rate limits on views, declared with ``@rate_limited``: each attempt is counted in its own
committed transaction before the view runs (portal/auth/ratelimit.py keeps the counters)."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from portal.auth import ratelimit
from portal.auth.errors import RateLimited
from portal.errors import DomainError
from portal.messages.errors import PostingTooFast
from portal.settings import Settings
from portal.web.context import deps, session_factory

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Limit:
    """A bucket, and how many attempts its settings allow per window."""

    bucket: str
    count: Callable[[Settings], int]
    window: Callable[[Settings], int]
    refused: Callable[[int], RateLimited] = RateLimited  # the error past the limit, given the seconds left


# Endpoints anyone may call write a row each: a global brake keeps a flood from filling the disk.
ANONYMOUS_POW = Limit("pow", lambda s: s.rate_limits_anonymous_global, lambda s: s.rate_limits_anonymous_window_seconds)
ANONYMOUS_CHALLENGE = Limit(
    "challenge", lambda s: s.rate_limits_anonymous_global, lambda s: s.rate_limits_anonymous_window_seconds
)
NEW_CASES = Limit("cases", lambda s: s.rate_limits_cases_global, lambda s: s.rate_limits_cases_window_seconds)
# Signing in: these count failures only (``hold``, then ``give_back`` on success).
SIGN_IN_PER_SUBJECT = Limit(
    "signin", lambda s: s.rate_limits_signin_per_subject, lambda s: s.rate_limits_signin_window_seconds
)
SIGN_IN_VISITORS = Limit(
    "signin-visitors", lambda s: s.rate_limits_signin_visitors_global, lambda s: s.rate_limits_signin_window_seconds
)
SIGN_IN_MEMBERS = Limit(
    "signin-members", lambda s: s.rate_limits_signin_members_global, lambda s: s.rate_limits_signin_window_seconds
)
SIGN_IN_CODES = Limit(
    "signin-code",
    lambda s: s.rate_limits_signin_code_failures_per_subject,
    lambda s: s.rate_limits_signin_code_window_seconds,
)
# Each sender's posts to one case (subject: the case and the sender).
CASE_POSTS = Limit(
    "case-posts", lambda s: s.quotas_case_posts, lambda s: s.quotas_case_posts_window_seconds, PostingTooFast
)
ENROL_PER_INVITATION = Limit(
    "enrol", lambda s: s.rate_limits_enrol_per_invitation, lambda s: s.rate_limits_enrol_window_seconds
)


def charge_limit(limit: Limit, subject: bytes = b"") -> None:
    """Count an attempt against ``limit`` now, from inside a view (after checks that must come first)."""
    s = deps().settings
    counted = ratelimit.count(session_factory(), deps(), limit.bucket, subject, limit.count(s), limit.window(s))
    if counted.over is not None:
        raise limit.refused(counted.over)


@dataclass(frozen=True)
class Held:
    """An attempt counted in some buckets before it is judged: given back if it succeeds."""

    counted: tuple[ratelimit.Counted, ...]

    @property
    def over(self) -> int | None:
        """Seconds until the last full bucket's window ends, if any bucket is past its limit."""
        overs = [c.over for c in self.counted if c.over is not None]
        return max(overs) if overs else None

    def refusal(self, failed: DomainError) -> DomainError:
        """What a failed attempt is answered: ``failed``, or "too many attempts" past a limit."""
        over = self.over
        return failed if over is None else RateLimited(over)

    def give_back(self) -> None:
        for counted in self.counted:
            ratelimit.uncount(session_factory(), counted)


def hold(*limits: tuple[Limit, bytes]) -> Held:
    """Count an attempt against each (limit, subject) now, before it is judged."""
    s, factory = deps().settings, session_factory()
    return Held(
        tuple(
            ratelimit.count(factory, deps(), limit.bucket, subject, limit.count(s), limit.window(s))
            for limit, subject in limits
        )
    )


def rate_limited(limit: Limit, key: Callable[..., bytes] | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Count an attempt against ``limit`` before the view runs; ``key`` (given the view's
    arguments) names what is attacked, e.g. a username: otherwise the endpoint as a whole."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            charge_limit(limit, key(*args, **kwargs) if key else b"")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def subject_of(request: Any, **_: Any) -> bytes:
    """The ``subject`` a parsed request names (a username, a visitor key, an invitation)."""
    subject: bytes = request.subject
    return subject
