"""What a view reaches through the app: its dependencies, transactions and the announcer."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy.orm import Session, sessionmaker

from portal.db import session_scope
from portal.deps import Deps
from portal.realtime.events import Announcer

EXTENSION = "sottovoce"


def deps() -> Deps:
    return current_app.extensions[EXTENSION]["deps"]  # type: ignore[no-any-return]


def announcer() -> Announcer:
    return current_app.extensions[EXTENSION]["announcer"]  # type: ignore[no-any-return]


def session_factory() -> sessionmaker[Session]:
    return current_app.extensions[EXTENSION]["sessions"]  # type: ignore[no-any-return]


@contextmanager
def transaction() -> Iterator[Session]:
    """Commit before the view answers, so whatever the answer acknowledges is stored."""
    with session_scope(session_factory()) as session:
        yield session
