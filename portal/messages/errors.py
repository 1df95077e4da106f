"""What can go wrong posting, listing and opening sealed items: each refusal of an envelope is
named for the check it failed (PROTOCOL.md section 8)."""

from portal.errors import DomainError


class EnvelopeRefused(DomainError):
    """An envelope failed one of the server's checks; nothing was stored."""


class UnsupportedVersion(EnvelopeRefused):
    message = "This protocol version is not supported."


class MalformedEnvelope(EnvelopeRefused):
    message = "The envelope is malformed."


class HeaderTooLarge(EnvelopeRefused):
    message = "The envelope header is too large."


class ItemTooLarge(EnvelopeRefused):
    message = "The message is too large."


class WrongCase(EnvelopeRefused):
    message = "The envelope belongs to another case."


class WrongSender(EnvelopeRefused):
    message = "The envelope is not signed by you."


class BadSignature(EnvelopeRefused):
    message = "The envelope signature does not verify."


class ClockSkew(EnvelopeRefused):
    message = "The envelope's time is too far from the server's. Check your device's clock."


class TtlOutOfRange(EnvelopeRefused):
    message = "The lifetime is outside the office's limits."


class KindNotAllowed(EnvelopeRefused):
    message = "You may not send items of this kind."


class ConsentMustLast(EnvelopeRefused):
    message = "A consent request or answer is kept as long as the case: it may have no lifetime and not be view once."


class BadRecipients(EnvelopeRefused):
    message = "The recipients must be the office key and the case's visitor."


class BadPadding(EnvelopeRefused):
    message = "The message is not padded as the protocol requires."


class NotAMember(DomainError):
    message = "Only current members may write."


class IdInUse(DomainError):
    message = "An item with this id exists already."


class ItemNotFound(DomainError):
    message = "No such item."


class ItemExpired(DomainError):
    message = "This item has expired and is destroyed."


class ItemSpent(DomainError):
    message = "This item could be read only once, and it has been: its content is destroyed."


class FlagNotAllowed(DomainError):
    message = "Only the case's visitor can flag its items."


class NotYourItem(DomainError):
    message = "You can flag only the messages you sent."


class CovenantRequired(DomainError):
    message = "Please read and accept the confidentiality statement first."


class UnknownViewCode(DomainError):
    message = "No view has this code (or its case has been destroyed since)."
