"""Every protocol failure derives from ProtocolError, so callers can catch one type."""


class ProtocolError(Exception):
    """Base of every error raised by the protocol package."""


class DecodeError(ProtocolError):
    """Bytes or JSON that are not in the protocol's strict form."""


class VersionError(ProtocolError):
    """A protocol version this implementation does not speak."""


class SignatureError(ProtocolError):
    """A signature that does not verify under the expected key."""


class EnvelopeError(ProtocolError):
    """An envelope that cannot be opened; one opaque error, whatever the cause."""


class ParameterError(ProtocolError):
    """Key-derivation or proof-of-work parameters outside the allowed range."""


class LogError(ProtocolError):
    """An office log, or an entry of one, that does not verify (docs/protocol/v2.md section 3.4)."""


class ConsentError(ProtocolError):
    """A consent answer that is not the visitor's signed answer to exactly the request it names
    (docs/protocol/v2.md section 13)."""
