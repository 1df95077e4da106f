"""Bearer tokens: issue, authenticate with idle and absolute timeouts, revoke. Revoking returns
the live sockets the revoked tokens held, for the caller to cut once its transaction commits."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from portal.auth.errors import SessionEnded
from portal.auth.models import Token
from portal.cases.tombstones import explanation
from portal.deps import Deps
from portal.ids import new_token, token_hash
from portal.members.service import is_active_member
from portal.realtime.sockets import sockets_of

# Writing last_seen_at on every request would make reads write; a minute's slack is enough.
TOUCH_EVERY = 60


@dataclass(frozen=True)
class Principal:
    role: str  # "visitor" or "member"
    token_hash: bytes
    case_id: str | None = None
    member_id: str | None = None

    @property
    def ref(self) -> str:
        """How this caller appears in listings and view logs: ``visitor`` or a member id."""
        return "visitor" if self.role == "visitor" else str(self.member_id)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: int


def issue_token(
    session: Session, deps: Deps, role: str, *, case_id: str | None = None, member_id: str | None = None
) -> IssuedToken:
    now = deps.now()
    token = new_token()
    expires_at = now + deps.settings.auth_absolute_hours * 3600
    session.add(
        Token(
            token_hash=token_hash(token),
            role=role,
            case_id=case_id,
            member_id=member_id,
            created_at=now,
            last_seen_at=now,
            expires_at=expires_at,
        )
    )
    return IssuedToken(token, expires_at)


def authenticate(session: Session, deps: Deps, token: str) -> Principal:
    now = deps.now()
    row = session.get(Token, token_hash(token))
    if row is None:
        raise SessionEnded()
    idle_limit = deps.settings.auth_idle_minutes * 60
    ended = row.expires_at <= now or row.last_seen_at + idle_limit <= now
    if ended or (row.role == "member" and not is_active_member(session, str(row.member_id))):
        session.delete(row)
        raise SessionEnded()
    if row.tombstone_key is not None:
        raise explanation(session, deps, row.tombstone_key) or SessionEnded()
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return Principal(row.role, row.token_hash, row.case_id, row.member_id)


def _revoke_where(session: Session, which: ColumnElement[bool]) -> list[str]:
    sockets = sockets_of(session, list(session.scalars(select(Token.token_hash).where(which))))
    session.execute(delete(Token).where(which))
    return sockets


def revoke(session: Session, principal: Principal) -> list[str]:
    return _revoke_where(session, Token.token_hash == principal.token_hash)


def revoke_case_tokens(session: Session, case_id: str) -> list[str]:
    return _revoke_where(session, Token.case_id == case_id)


def end_case_tokens(session: Session, case_id: str, tombstone_key: bytes) -> list[str]:
    """The sessions of a case the office or its retention destroys: they end with it, but each
    token stays, pointing to the case's tombstone, until it would have timed out, so that the
    page's next request is told what happened. Returns their live sockets, to cut."""
    which = Token.case_id == case_id
    sockets = sockets_of(session, list(session.scalars(select(Token.token_hash).where(which))))
    session.execute(update(Token).where(which).values(case_id=None, tombstone_key=tombstone_key))
    return sockets


def revoke_member_tokens(session: Session, member_id: str) -> list[str]:
    return _revoke_where(session, Token.member_id == member_id)


def end_timed_out_sessions(session: Session, deps: Deps) -> list[str]:
    """Sessions past their idle or absolute limit."""
    now = deps.now()
    return _revoke_where(
        session, (Token.expires_at <= now) | (Token.last_seen_at <= now - deps.settings.auth_idle_minutes * 60)
    )
