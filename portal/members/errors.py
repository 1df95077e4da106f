"""What can go wrong inviting, enrolling and removing office members."""

from portal.errors import DomainError


class InvitationInvalid(DomainError):
    message = "This invitation is unknown, already used or expired. Ask for a new one."


class EnrolmentNotStarted(DomainError):
    message = "Start the enrolment before finishing it."


class InvalidUsername(DomainError):
    message = "A username is 3 to 32 lowercase letters, digits, dots, dashes or underscores."


class InvalidDisplayName(DomainError):
    message = "The display name must be 1 to 80 printable characters."


class InvalidBundle(DomainError):
    message = "bundle.ciphertext has an impossible length."


class TotpInvalid(DomainError):
    message = "That authenticator code is not right. Check the clock of your device."


class OfficeKeyRequired(DomainError):
    message = "The first member must create the office key."


class OfficeKeyExists(DomainError):
    message = "The office key exists already; a member will grant it to you."


class AlreadyTaken(DomainError):
    message = "That username or key is taken, or the office key was just created."


class CannotRemoveSelf(DomainError):
    message = "You cannot remove yourself; ask a colleague to do it."


class RemoverHoldsNoKey(DomainError):
    message = "Only a member holding the current office key can remove a member."
