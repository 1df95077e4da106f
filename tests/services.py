"""The real services the tests use: PostgreSQL and Redis on this machine's standard ports.

A test that needs one and cannot reach it fails, saying how to start it; it never skips."""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

POSTGRES_ADMIN_URL = os.environ.get(
    "SOTTOVOCE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("SOTTOVOCE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

START_POSTGRES = (
    "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
    "(Debian's postgresql package), or point SOTTOVOCE_TEST_POSTGRES_URL at a server where you may create databases"
)
START_REDIS = (
    "start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no` "
    "(Debian's redis-server package), or point SOTTOVOCE_TEST_REDIS_URL at one"
)


@contextmanager
def temporary_postgres_database(template: str | None = None) -> Iterator[str]:
    """A new database for one test or run (empty, or a copy of ``template``), dropped afterwards;
    yields its URL."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"sottovoce_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        with admin.connect() as conn:
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    except OperationalError as exc:
        admin.dispose()
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {START_POSTGRES}. ({exc.orig})")
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def require_redis() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {START_REDIS}. ({exc})")
    return REDIS_URL


def database_name(url: str) -> str:
    return str(make_url(url).database)
