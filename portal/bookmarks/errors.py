"""What can go wrong with a bookmark."""

from portal.errors import DomainError


class MalformedBookmark(DomainError):
    """The message says what is wrong with its form (the server can check nothing else)."""

    message = "A bookmark is {nonce, ciphertext}, sealed and padded as the protocol says."
