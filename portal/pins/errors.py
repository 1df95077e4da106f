"""What can go wrong with a pin."""

from portal.errors import DomainError


class PinNotFound(DomainError):
    message = "No pin is stored for you."
