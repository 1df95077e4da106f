"""Single-use challenges: for signing in (section 5) and for the proof of work (section 7)."""

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crypto.auth import CHALLENGE_BYTES
from crypto.pow import pow_ok
from portal.auth.errors import PowInvalid
from portal.auth.models import AuthChallenge, PowChallenge
from portal.deps import Deps

POW_CHALLENGE_BYTES = 16


@dataclass(frozen=True)
class Challenge:
    challenge: bytes
    expires_at: int
    difficulty: int = 0  # for a proof of work


def subject_hash(role: str, subject: bytes) -> bytes:
    return hashlib.sha256(role.encode() + b"\0" + subject).digest()


def drop_expired_challenges(session: Session, now: int) -> None:
    session.execute(delete(AuthChallenge).where(AuthChallenge.expires_at <= now))
    session.execute(delete(PowChallenge).where(PowChallenge.expires_at <= now))


def issue_auth_challenge(session: Session, deps: Deps, role: str, subject: bytes) -> Challenge:
    now = deps.now()
    session.execute(delete(AuthChallenge).where(AuthChallenge.expires_at <= now))
    challenge = secrets.token_bytes(CHALLENGE_BYTES)
    expires_at = now + deps.settings.auth_challenge_ttl_seconds
    session.add(
        AuthChallenge(challenge=challenge, role=role, subject_hash=subject_hash(role, subject), expires_at=expires_at)
    )
    return Challenge(challenge, expires_at)


def consume_auth_challenge(session: Session, deps: Deps, challenge: bytes, role: str, subject: bytes) -> bool:
    """Delete the challenge whatever happens next; True if it was live and issued to this subject."""
    row = session.scalar(select(AuthChallenge).where(AuthChallenge.challenge == challenge).with_for_update())
    if row is None:
        return False
    session.delete(row)
    return row.expires_at > deps.now() and row.role == role and row.subject_hash == subject_hash(role, subject)


def issue_pow(session: Session, deps: Deps) -> Challenge:
    now = deps.now()
    session.execute(delete(PowChallenge).where(PowChallenge.expires_at <= now))
    challenge = secrets.token_bytes(POW_CHALLENGE_BYTES)
    difficulty = deps.settings.pow_difficulty
    expires_at = now + deps.settings.pow_ttl_seconds
    session.add(PowChallenge(challenge=challenge, difficulty=difficulty, expires_at=expires_at))
    return Challenge(challenge, expires_at, difficulty)


def consume_pow(session: Session, deps: Deps, challenge: bytes, nonce: int) -> None:
    row = session.scalar(select(PowChallenge).where(PowChallenge.challenge == challenge).with_for_update())
    if row is None or row.expires_at <= deps.now():
        raise PowInvalid()
    if not pow_ok(challenge, row.difficulty, nonce):
        raise PowInvalid("The proof of work does not solve the challenge.")
    session.delete(row)
