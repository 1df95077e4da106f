"""What can go wrong with a case."""

import time

from portal.errors import DomainError


class CaseNotFound(DomainError):
    # Also for a case the caller may not see: the answer does not tell them apart.
    message = "No such case."


class CaseExists(DomainError):
    message = "A case with this key exists already. Sign in instead."


class StaleCovenant(DomainError):
    message = "That is not the current confidentiality statement. Reload and read it again."


class NoSuchAssignee(DomainError):
    message = "No current member of the office has this id: a case is assigned to a member."


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# What the visitor is told, by the reason the case was destroyed (the destruction log's).
DESTROYED_BECAUSE = {
    "member": "This case was closed and destroyed by the office on {day}.",
    "closed": (
        "The office closed this case, and it was destroyed on {day}, {days} days later, "
        "as its rules for closed cases say."
    ),
    "idle": "This case was destroyed on {day}, after {days} days without a new message, as the office's rules say.",
}
AFTERWARDS = "Nothing of it remains, and your codename opens nothing any more. You can start a new case at any time."


class CaseDestroyed(DomainError):
    """Said only to whoever proves they hold the case's visitor key (a signed challenge, or the
    case's session): the case was destroyed by the office or by its retention, on that day."""

    def __init__(self, reason: str, destroyed_on: int, days: int) -> None:
        when = time.gmtime(destroyed_on)
        day = f"{when.tm_mday} {MONTHS[when.tm_mon - 1]} {when.tm_year}"
        said = DESTROYED_BECAUSE.get(reason, DESTROYED_BECAUSE["member"]).format(day=day, days=days)
        super().__init__(f"{said} {AFTERWARDS}")
