"""TOTP second factor (RFC 6238 through pyotp): secrets are drawn at enrolment and kept sealed
with the instance secret; each code works once (the last accepted time step is stored)."""

import hmac

import pyotp

from portal.deps import Deps

TOTP_STEP = 30
TOTP_PURPOSE = "totp-secret"
SECRET_LENGTH = 32


def new_sealed_secret(deps: Deps) -> bytes:
    return deps.secrets.seal(TOTP_PURPOSE, pyotp.random_base32(SECRET_LENGTH).encode())


def unseal_secret(deps: Deps, sealed: bytes) -> str:
    return deps.secrets.unseal(TOTP_PURPOSE, sealed).decode()


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def totp_step_accepted(secret: str, code: str, now: int, last_step: int) -> int | None:
    """The time step ``code`` belongs to (this one or a neighbour), if it is newer than ``last_step``."""
    totp = pyotp.TOTP(secret)
    for offset in (-1, 0, 1):
        step = now // TOTP_STEP + offset
        if step > last_step and hmac.compare_digest(totp.at(step * TOTP_STEP), code):
            return step
    return None
