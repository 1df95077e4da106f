"""What can go wrong recording an exception."""

from portal.errors import DomainError


class RecordIdInUse(DomainError):
    message = "An exception with this id is already recorded."
