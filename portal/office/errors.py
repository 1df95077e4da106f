"""What can go wrong with the office, its key versions and grants."""

from portal.errors import DomainError


class NoOffice(DomainError):
    message = "No office has been set up on this portal yet."


class OfficeExists(DomainError):
    message = "This portal already has an office."


class OfficeNotReady(DomainError):
    message = "The office is not ready to receive cases yet. Please try again later."


class AwaitingGrant(DomainError):
    message = "You do not hold the office key yet: a colleague must grant it to you before you see any case."


class NoGrantToPass(DomainError):
    message = "You hold no grant for that office key version, so you cannot pass it on."


class NoSuchMember(DomainError):
    message = "No such member."


class AlreadyGranted(DomainError):
    message = "That member already holds this office key."


class StaleKeyVersion(DomainError):
    message = "The office key changed meanwhile (someone else removed a member). Reload and try again."


class KeyReused(DomainError):
    message = "The new office key must be freshly drawn."


class WrongKeyHolders(DomainError):
    message = "Grant the new office key to exactly the members who hold the current one, except the one removed."


class GrantedTwice(DomainError):
    message = "A member is granted twice."


class NoGrantToReport(DomainError):
    message = "You hold no grant of that office key version to report."


class GrantNotReported(DomainError):
    message = "That member has not reported their grant as unopenable: it stays as it is."
