"""Every domain error has its one place in the table to HTTP, and the JSON form it promises."""

import portal.web.errors as table
from portal.errors import DomainError


def _all_errors(cls: type[DomainError]) -> set[type[DomainError]]:
    found: set[type[DomainError]] = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _all_errors(sub)
    return found


def test_every_domain_error_has_a_status_and_a_code() -> None:
    # EnvelopeRefused is the family's name, never raised itself.
    raised = {e for e in _all_errors(DomainError) if e.__subclasses__() == []}
    missing = sorted(e.__qualname__ for e in raised if e not in table.HTTP)
    assert missing == []


def test_statuses_are_client_errors_codes_snake_case_and_messages_for_people() -> None:
    for error, (status, code) in table.HTTP.items():
        assert 400 <= status < 500, error
        assert code.replace("_", "").isalpha(), error
        assert code == code.lower(), error
        assert error.message.endswith("."), error  # every error has words for a person
