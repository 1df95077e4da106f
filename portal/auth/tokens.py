"""Bearer tokens: issue, authenticate with idle and absolute timeouts, revoke."""

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.auth.models import Token
from portal.deps import Deps
from portal.errors import Unauthorized
from portal.ids import new_token, token_hash
from portal.members.models import Member

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


def issue_token(
    session: Session, deps: Deps, role: str, *, case_id: str | None = None, member_id: str | None = None
) -> tuple[str, int]:
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
    return token, expires_at


def authenticate(session: Session, deps: Deps, token: str) -> Principal:
    now = deps.now()
    row = session.get(Token, token_hash(token))
    if row is None:
        raise Unauthorized("Your session has ended. Sign in again.", "session_ended")
    idle_limit = deps.settings.auth_idle_minutes * 60
    if row.expires_at <= now or row.last_seen_at + idle_limit <= now:
        session.delete(row)
        raise Unauthorized("Your session has ended. Sign in again.", "session_ended")
    if row.role == "member":
        member = session.get(Member, row.member_id)
        if member is None or not member.active:
            session.delete(row)
            raise Unauthorized("Your session has ended. Sign in again.", "session_ended")
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return Principal(row.role, row.token_hash, row.case_id, row.member_id)


def revoke(session: Session, principal: Principal) -> None:
    session.execute(delete(Token).where(Token.token_hash == principal.token_hash))


def revoke_case_tokens(session: Session, case_id: str) -> None:
    session.execute(delete(Token).where(Token.case_id == case_id))


def member_token_hashes(session: Session, member_id: str) -> list[bytes]:
    return list(session.scalars(select(Token.token_hash).where(Token.member_id == member_id)))


def revoke_member_tokens(session: Session, member_id: str) -> None:
    session.execute(delete(Token).where(Token.member_id == member_id))
