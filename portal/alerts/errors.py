"""What can go wrong with alerts."""

from portal.errors import DomainError


class AlertsUnavailable(DomainError):
    message = "Email alerts are not set up on this portal: the operator sets notify.smtp_host first."


class BadAddress(DomainError):
    message = "That is not an email address this portal can write to (name@example.org, at most 254 characters)."
