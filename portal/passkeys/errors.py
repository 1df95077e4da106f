"""What can go wrong with passkeys."""

from portal.errors import DomainError


class PasskeyRefused(DomainError):
    message = "The passkey's answer does not verify for this portal. Try again, or use your authenticator code."


class PasskeyNotFound(DomainError):
    message = "No such passkey."


class LastPasskey(DomainError):
    message = "The office requires a passkey: register another one before you remove your last."


class InvalidPasskeyName(DomainError):
    message = "Name the passkey in 1 to 60 characters, e.g. 'Office security key'."
