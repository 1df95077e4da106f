"""What can go wrong recording a case's tags."""

from portal.errors import DomainError


class TagRecordIdInUse(DomainError):
    message = "A tag record with this id is already stored."


class TagRecordNotFound(DomainError):
    message = "The tag record to replace does not exist (a colleague may have replaced it): load the tags again."
