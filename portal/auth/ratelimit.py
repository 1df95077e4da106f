"""Fixed-window rate limits kept in the database, so every process of a cluster shares them.

Buckets are keyed by a keyed hash of what is being attacked (a username, a visitor key, an
invitation) or by the endpoint as a whole, never by client address: over Tor every visitor
shares an address, and the office keeps no addresses at all.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from portal.auth.errors import RateLimited
from portal.auth.models import RateBucket
from portal.db import session_scope
from portal.deps import Deps


@dataclass(frozen=True)
class Counted:
    """One attempt counted in a bucket: ``over`` is set (seconds until the window ends) when it
    went past the limit."""

    key: bytes
    window_start: int
    over: int | None


def charge(factory: sessionmaker[Session], deps: Deps, bucket: str, subject: bytes, limit: int, window: int) -> None:
    """Count one attempt in its own committed transaction; raise RateLimited past ``limit``."""
    counted = count(factory, deps, bucket, subject, limit, window)
    if counted.over is not None:
        raise RateLimited(counted.over)


def count(factory: sessionmaker[Session], deps: Deps, bucket: str, subject: bytes, limit: int, window: int) -> Counted:
    """Count one attempt in its own committed transaction, and say whether it went past ``limit``.
    Counting before the attempt is judged (and giving it back if it succeeds, ``uncount``) keeps
    concurrent attempts from all slipping in under the limit."""
    key = deps.secrets.keyed_hash("rate-limit", bucket.encode() + b"\0" + subject)
    now = deps.now()
    start = now - now % window
    for _ in range(3):
        try:
            with session_scope(factory) as session:
                row = session.scalar(select(RateBucket).where(RateBucket.key == key).with_for_update())
                if row is None:
                    session.add(RateBucket(key=key, window_start=start, count=1))
                    return Counted(key, start, None if limit >= 1 else start + window - now)
                if row.window_start != start:
                    row.window_start, row.count = start, 1
                else:
                    row.count += 1
                return Counted(key, start, start + window - now if row.count > limit else None)
        except IntegrityError:
            continue  # another request created the bucket first; count again against it
    raise RateLimited(start + window - now)  # (three collisions in a row: a flood; refuse)


def uncount(factory: sessionmaker[Session], counted: Counted) -> None:
    """Give back an attempt that turned out not to be what the bucket limits (e.g. a sign-in
    that succeeded), if its window is still the bucket's."""
    with session_scope(factory) as session:
        row = session.scalar(select(RateBucket).where(RateBucket.key == counted.key).with_for_update())
        if row is not None and row.window_start == counted.window_start and row.count > 0:
            row.count -= 1
