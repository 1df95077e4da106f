import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import portal.models  # noqa: F401  (every table in the metadata)
from portal.db import Base, make_engine
from portal.schema import upgrade
from tests.factories import Member, Office, Visitor, new_office
from tests.services import temporary_postgres_database


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test copies it rather than migrating again."""
    path = tmp_path_factory.mktemp("template") / "sottovoce.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres() -> Iterator[str]:
    """A PostgreSQL database for this run, migrated to head once; tests empty it before use
    (creating a database per test costs over a second, emptying one a few milliseconds)."""
    with temporary_postgres_database() as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


def empty_postgres(url: str) -> None:
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


def office_on_engine(request: pytest.FixtureRequest, tmp_path: Path, **settings: Any) -> Iterator[Office]:
    """An office before anyone enrolled, on the engine the fixture's param names (a copy of the
    migrated SQLite file, or the run's PostgreSQL database emptied), with these settings."""
    instance = tmp_path / "instance"
    instance.mkdir()
    with ExitStack() as stack:
        if request.param == "postgresql":
            url = request.getfixturevalue("migrated_postgres")
            empty_postgres(url)
        else:
            shutil.copy(request.getfixturevalue("migrated_sqlite"), instance / "sottovoce.db")
            url = None
        o = new_office(instance, url, **settings)
        stack.callback(o.app.extensions["sottovoce"]["engine"].dispose)
        yield o


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    """An office on a real database, SQLite file or PostgreSQL, before anyone enrolled."""
    yield from office_on_engine(request, tmp_path)


@pytest.fixture
def office(empty_office: Office) -> Office:
    """An office with one enrolled, signed-in member holding the office key."""
    member = empty_office.enrol("alice")
    empty_office.sign_in_member(member)
    return empty_office


@pytest.fixture
def member(office: Office) -> Member:
    return office.members[0]


@pytest.fixture
def visitor(office: Office) -> Visitor:
    return office.open_case()
