"""What can go wrong with a case."""

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
