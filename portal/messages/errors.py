"""What can go wrong posting, listing and opening sealed items: each refusal of an envelope is
named for the check it failed (PROTOCOL.md section 8)."""

from portal.auth.errors import RateLimited
from portal.errors import DomainError

MIB = 1024 * 1024
# What a person can do about a full case, said to each side in its own words.
NEXT_STEP = {
    "visitor": "To go on, start a new case from the portal's first page (you can mention this one in it); "
    "the office can close this one.",
    "member": "Items with a lifetime free room as they expire; otherwise the visitor would need to start a "
    "new case, and the office can close this one.",
}


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


class CaseFull(DomainError):
    message = "This case has reached its limit of messages, so this one was not sent."

    def __init__(self, limit: int, role: str) -> None:
        super().__init__(
            f"This case has reached its limit of {limit} messages, so this one was not sent. {NEXT_STEP[role]}"
        )


class CaseTooLarge(DomainError):
    message = "This case has reached its limit of stored messages, so this one was not sent."

    def __init__(self, limit_bytes: int, role: str) -> None:
        size = f"{limit_bytes / MIB:g} MB" if limit_bytes >= MIB else f"{max(1, limit_bytes // 1024)} KB"
        super().__init__(
            f"This case has reached its storage limit of {size}, so this message was not sent. {NEXT_STEP[role]}"
        )


class PostingTooFast(RateLimited):
    message = "You are sending messages faster than the portal allows. Wait a minute and send again."

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.message = (
            f"You are sending messages faster than the portal allows, so this one was not sent. "
            f"Wait {max(1, retry_after)} seconds and send it again: what you wrote is still in the box."
        )
