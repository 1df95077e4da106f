"""What can go wrong appending to the signed office log."""

from portal.errors import DomainError


class EntryRefused(DomainError):
    """An entry that does not verify against the log, or is not what this request makes."""

    message = "The log entry is refused."


class LogConflict(DomainError):
    message = "The office log has changed meanwhile (a colleague added to it). Reload and try again."


class EntryRequired(DomainError):
    message = "The office has a signed log: this change must come with its log entry."


class EntryMismatch(DomainError):
    """An entry that verifies, but says something other than the office's records."""

    message = "The log entry does not match the office's records."


class LogBroken(DomainError):
    message = "The office log stored on this server does not verify. Nothing can be added to it."


class NotAKeyHolder(DomainError):
    message = "Only a member holding the current office key can change the office log."
