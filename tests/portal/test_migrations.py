"""Alembic brings an empty database of each kind to head, and head matches the models."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import portal.models  # noqa: F401  (every table in the metadata)
from crypto.encoding import b64u_encode
from portal.db import Base, make_engine
from portal.schema import downgrade, upgrade
from tests.services import temporary_postgres_database


def _check_head(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        upgrade(engine)  # a second run finds nothing to do
        tables = set(inspect(engine).get_table_names())
        assert {t.name for t in Base.metadata.sorted_tables} <= tables
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()


def test_empty_sqlite_upgrades_to_head(tmp_path: Path) -> None:
    _check_head(f"sqlite:///{tmp_path / 'empty.db'}")


def test_empty_postgresql_upgrades_to_head() -> None:
    with temporary_postgres_database() as url:
        _check_head(url)


def test_sqlite_runs_in_wal_with_secure_delete_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def _views_keep_their_item(url: str) -> None:
    """0005 copies each view's item into the view; afterwards destroying the item keeps the view."""
    engine = make_engine(url)
    try:
        upgrade(engine, "0004")
        with engine.begin() as conn:
            conn.execute(
                text(
                    'INSERT INTO "case" (case_id, visitor_sign_pk, visitor_box_pk, created_at, last_activity_at, '
                    "retention_until, status) VALUES ('c_1', :pk, :pk2, 1, 1, 99, 'open')"
                ),
                {"pk": b"s" * 32, "pk2": b"b" * 32},
            )
            conn.execute(
                text(
                    "INSERT INTO message (id, case_id, kind, sender_ref, header, ciphertext, sig, envelope_hash, "
                    "received_at, expires_at, view_once, size) "
                    "VALUES ('m_1', 'c_1', 'guidance', 'mem_1', :b, :b, :b, :b, 7, NULL, :f, 256)"
                ),
                {"b": b"x", "f": False},
            )
            seq = conn.execute(text("SELECT seq FROM message")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO view (view_id, message_seq, case_id, by, code, opened_at) "
                    "VALUES ('v_1', :seq, 'c_1', 'visitor', 'AAAAA-BBBBB', 8)"
                ),
                {"seq": seq},
            )
        upgrade(engine)
        with engine.begin() as conn:
            row = conn.execute(text("SELECT item_id, item_kind, item_from, item_received_at FROM view")).one()
            assert tuple(row) == ("m_1", "guidance", "mem_1", 7)
            conn.execute(text("DELETE FROM message"))
            assert conn.execute(text("SELECT message_seq FROM view WHERE view_id = 'v_1'")).one() == (None,)
    finally:
        engine.dispose()


def test_sqlite_views_keep_their_item_through_0005(tmp_path: Path) -> None:
    _views_keep_their_item(f"sqlite:///{tmp_path / 'v.db'}")


def test_postgresql_views_keep_their_item_through_0005() -> None:
    with temporary_postgres_database() as url:
        _views_keep_their_item(url)


def _keys_become_bytes(url: str) -> None:
    """0006 decodes grants and wrapped bundles from base64url text into bytes, and back."""
    engine = make_engine(url)
    grant, nonce, sealed = bytes(range(80)), bytes(range(24)), bytes(range(100, 220))
    try:
        upgrade(engine, "0005")
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO office_key (version, box_pk, created_at) VALUES (1, :pk, 1)"), {"pk": b"k" * 32}
            )
            conn.execute(
                text(
                    "INSERT INTO member (member_id, username, display_name, salt, auth_pk, sign_pk, box_pk, "
                    "bundle_nonce, bundle_ciphertext, totp_secret_sealed, totp_last_step, active, created_at) "
                    "VALUES ('m_1', 'ada', 'Ada', :s, :a, :g, :b, :n, :c, :t, 0, :yes, 1)"
                ),
                {
                    "s": b"s" * 16,
                    "a": b"a" * 32,
                    "g": b"g" * 32,
                    "b": b"b" * 32,
                    "n": b64u_encode(nonce),
                    "c": b64u_encode(sealed),
                    "t": b"t",
                    "yes": True,
                },
            )
            conn.execute(
                text('INSERT INTO "grant" (member_id, version, "grant", created_at) VALUES (\'m_1\', 1, :g, 1)'),
                {"g": b64u_encode(grant)},
            )
        upgrade(engine)
        with engine.begin() as conn:
            assert bytes(conn.execute(text('SELECT "grant" FROM "grant"')).scalar_one()) == grant
            row = conn.execute(text("SELECT bundle_nonce, bundle_ciphertext FROM member")).one()
            assert (bytes(row[0]), bytes(row[1])) == (nonce, sealed)
        downgrade(engine, "0005")
        with engine.begin() as conn:
            assert conn.execute(text('SELECT "grant" FROM "grant"')).scalar_one() == b64u_encode(grant)
    finally:
        engine.dispose()


def test_sqlite_keys_become_bytes_through_0006(tmp_path: Path) -> None:
    _keys_become_bytes(f"sqlite:///{tmp_path / 'k.db'}")


def test_postgresql_keys_become_bytes_through_0006() -> None:
    with temporary_postgres_database() as url:
        _keys_become_bytes(url)


def _items_numbered_per_case(url: str) -> None:
    """0019 numbers existing items 1, 2, ... in order of seq within each case, the counters after them."""
    engine = make_engine(url)
    try:
        upgrade(engine, "0018")
        with engine.begin() as conn:
            for case in ("c_1", "c_2"):
                conn.execute(
                    text(
                        'INSERT INTO "case" (case_id, visitor_sign_pk, visitor_box_pk, created_at, last_activity_at, '
                        "retention_until, status, urgent) VALUES (:c, :pk, :pk2, 1, 1, 99, 'open', :no)"
                    ),
                    {"c": case, "pk": case.encode() * 8, "pk2": b"b" * 32, "no": False},
                )
            for n, case in enumerate(["c_1", "c_2", "c_2", "c_1", "c_2"]):
                conn.execute(
                    text(
                        "INSERT INTO message (id, case_id, kind, sender_ref, header, ciphertext, sig, envelope_hash, "
                        "received_at, expires_at, view_once, size) "
                        "VALUES (:id, :c, 'message', 'visitor', :b, :b, :b, :b, 7, NULL, :f, 256)"
                    ),
                    {"id": f"m_{n}", "c": case, "b": b"x", "f": False},
                )
        upgrade(engine)
        with engine.begin() as conn:
            rows = conn.execute(text("SELECT id, item_no FROM message ORDER BY seq")).all()
            assert [tuple(r) for r in rows] == [("m_0", 1), ("m_1", 1), ("m_2", 2), ("m_3", 2), ("m_4", 3)]
            counters = conn.execute(text('SELECT case_id, items_posted FROM "case" ORDER BY case_id')).all()
            assert [tuple(r) for r in counters] == [("c_1", 2), ("c_2", 3)]
        downgrade(engine, "0018")
        upgrade(engine)
    finally:
        engine.dispose()


def test_sqlite_items_are_numbered_per_case_by_0019(tmp_path: Path) -> None:
    _items_numbered_per_case(f"sqlite:///{tmp_path / 'n.db'}")


def test_postgresql_items_are_numbered_per_case_by_0019() -> None:
    with temporary_postgres_database() as url:
        _items_numbered_per_case(url)
