"""Alerts: members opt in with an address; a visitor's new item marks every subscription as
having activity to announce; the scheduler sends what is due (sender.py), at most one email per
interval per member, at once for urgent activity. What is sent says only that there is activity."""

import re
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.alerts.errors import AlertsUnavailable, BadAddress
from portal.alerts.models import AlertSubscription
from portal.deps import Deps
from portal.members.models import Member

ADDRESS_PURPOSE = "alert-address"
MAX_ADDRESS = 254  # RFC 5321's limit on a path
RETRY_SECONDS = 60  # after a failed send, the next try waits this long times the failures in a row
# One @, something on each side, a dot in the domain, no spaces or angle brackets: enough to
# catch a typo; the mail server has the last word.
ADDRESS = re.compile(r"[^@\s<>,;]{1,64}@[^@\s<>,;]+\.[^@\s<>,;.]+")


@dataclass(frozen=True)
class AlertSetting:
    available: bool  # the operator has set up a mail server
    address: str | None  # this member's address, shown to them alone
    interval_minutes: int


@dataclass(frozen=True)
class DueAlert:
    member_id: str
    address: str
    since: int  # when the activity it announces began (given back if sending fails)


def _check_address(address: str) -> str:
    address = address.strip()
    if len(address) > MAX_ADDRESS or not ADDRESS.fullmatch(address):
        raise BadAddress()
    return address


def setting_of(session: Session, deps: Deps, member_id: str) -> AlertSetting:
    row = session.get(AlertSubscription, member_id)
    address = deps.secrets.unseal(ADDRESS_PURPOSE, row.address_sealed).decode() if row else None
    return AlertSetting(bool(deps.settings.notify_smtp_host), address, deps.settings.notify_interval_minutes)


def subscribe(session: Session, deps: Deps, member_id: str, address: str) -> AlertSetting:
    if not deps.settings.notify_smtp_host:
        raise AlertsUnavailable()
    sealed = deps.secrets.seal(ADDRESS_PURPOSE, _check_address(address).encode())
    row = session.get(AlertSubscription, member_id)
    if row is None:
        session.add(AlertSubscription(member_id=member_id, address_sealed=sealed, created_at=deps.now(), failures=0))
    else:
        row.address_sealed, row.failures = sealed, 0
    session.flush()
    return setting_of(session, deps, member_id)


def unsubscribe(session: Session, deps: Deps, member_id: str) -> AlertSetting:
    row = session.get(AlertSubscription, member_id)
    if row is not None:
        session.delete(row)
        session.flush()
    return setting_of(session, deps, member_id)


def note_activity(session: Session, deps: Deps, *, urgent: bool = False) -> None:
    """A visitor wrote: every subscription has something to announce (no more than that)."""
    now = deps.now()
    session.execute(
        update(AlertSubscription)
        .where(AlertSubscription.pending_since.is_(None))
        .values(pending_since=now)
        .execution_options(synchronize_session=False)
    )
    if urgent:
        session.execute(update(AlertSubscription).values(urgent=True).execution_options(synchronize_session=False))


def take_due(session: Session, deps: Deps) -> list[DueAlert]:
    """The alerts to send now, marked sent in the caller's transaction (locked rows are another
    process's to send). A failure to send is given back with ``sending_failed``."""
    now = deps.now()
    interval = deps.settings.notify_interval_minutes * 60
    rows = session.scalars(
        select(AlertSubscription)
        .join(Member, Member.member_id == AlertSubscription.member_id)
        .where(
            Member.active.is_(True),
            AlertSubscription.pending_since.is_not(None),
            or_(
                AlertSubscription.urgent.is_(True),
                AlertSubscription.last_sent_at.is_(None),
                AlertSubscription.last_sent_at <= now - interval,
            ),
        )
        .with_for_update(skip_locked=True, of=AlertSubscription)
    ).all()
    due = []
    for row in rows:
        address = deps.secrets.unseal(ADDRESS_PURPOSE, row.address_sealed).decode()
        due.append(DueAlert(row.member_id, address, row.pending_since or now))
        row.last_sent_at, row.pending_since, row.urgent = now, None, False
    return due


def sending_failed(session: Session, deps: Deps, member_id: str, since: int) -> int:
    """Puts the activity back to be announced, after a pause that grows with each failure in a
    row (up to the interval), so a mail server that is down is not hammered; returns the count."""
    row = session.get(AlertSubscription, member_id)
    if row is None:
        return 0
    row.failures += 1
    interval = deps.settings.notify_interval_minutes * 60
    pause = min(RETRY_SECONDS * row.failures, interval)
    row.pending_since, row.urgent, row.last_sent_at = since, False, deps.now() - interval + pause
    return row.failures


def sent(session: Session, member_id: str) -> None:
    row = session.get(AlertSubscription, member_id)
    if row is not None:
        row.failures = 0
