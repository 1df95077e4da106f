from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import Member, Office, Visitor, new_office


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """An office on a real SQLite file with one enrolled, signed-in member holding the office key."""
    o = new_office(tmp_path / "instance")
    member = o.enrol("alice")
    o.sign_in_member(member)
    yield o
    o.app.extensions["sottovoce"]["engine"].dispose()


@pytest.fixture
def member(office: Office) -> Member:
    return office.members[0]


@pytest.fixture
def visitor(office: Office) -> Visitor:
    return office.open_case()
