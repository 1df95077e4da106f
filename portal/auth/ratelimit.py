"""Fixed-window rate limits kept in the database, so every process of a cluster shares them.

Buckets are keyed by a keyed hash of what is being attacked (a username, a visitor key, an
invitation) or by the endpoint as a whole, never by client address: over Tor every visitor
shares an address, and the office keeps no addresses at all.
"""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from portal.auth.errors import RateLimited
from portal.auth.models import RateBucket
from portal.db import session_scope
from portal.deps import Deps


def charge(factory: sessionmaker[Session], deps: Deps, bucket: str, subject: bytes, limit: int, window: int) -> None:
    """Count one attempt in its own committed transaction; raise RateLimited past ``limit``."""
    key = deps.secrets.keyed_hash("rate-limit", bucket.encode() + b"\0" + subject)
    now = deps.now()
    start = now - now % window
    for _ in range(3):
        try:
            with session_scope(factory) as session:
                row = session.scalar(select(RateBucket).where(RateBucket.key == key).with_for_update())
                if row is None:
                    session.add(RateBucket(key=key, window_start=start, count=1))
                    return
                if row.window_start != start:
                    row.window_start, row.count = start, 1
                    return
                row.count += 1
                if row.count > limit:
                    raise RateLimited(start + window - now)
                return
        except IntegrityError:
            continue  # another request created the bucket first; count again against it
