"""Which live sockets hold which tokens: a socket row goes with its token (ON DELETE CASCADE),
so revoking a token must first learn its sockets, to cut them once the revocation commits."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.realtime.models import LiveSocket


def sockets_of(session: Session, token_hashes: list[bytes]) -> list[str]:
    if not token_hashes:
        return []
    return list(session.scalars(select(LiveSocket.sid).where(LiveSocket.token_hash.in_(token_hashes))))


def record_socket(session: Session, sid: str, token_hash: bytes, now: int) -> None:
    session.add(LiveSocket(sid=sid, token_hash=token_hash, connected_at=now))


def forget_socket(session: Session, sid: str) -> None:
    session.execute(delete(LiveSocket).where(LiveSocket.sid == sid))
