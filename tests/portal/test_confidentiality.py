"""What a seized server holds: the database files (WAL included) and the log carry no plaintext,
no password, no token, no TOTP secret, and the log no case id or address."""

import logging
import sqlite3
from pathlib import Path

import pytest

from tests.factories import Office, bearer, new_office

SECRET_TEXT = "My manager, Jordan Example, shouted at me on 3 March"
REPLY_TEXT = "We can meet off-site; nothing is noted in your file"


def _instance_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_database_files_and_log_hold_no_secret(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    instance = tmp_path / "instance"
    office: Office = new_office(instance)
    # An open connection keeps SQLite from folding the WAL back and deleting it, so the search
    # below sees the WAL as a seized running server would have it.
    holder = sqlite3.connect(instance / "sottovoce.db")
    holder.execute("SELECT count(*) FROM office").fetchall()
    member = office.enrol("alice", password="violet staple horizon 42")
    office.sign_in_member(member)
    visitor = office.open_case()
    env = office.visitor_envelope(visitor, SECRET_TEXT)
    office.client.post(f"/api/v1/cases/{visitor.case_id}/messages", json=env.to_json(), headers=bearer(visitor.token))
    reply = office.member_envelope(member, visitor, REPLY_TEXT)
    office.client.post(f"/api/v1/cases/{visitor.case_id}/messages", json=reply.to_json(), headers=bearer(member.token))
    office.client.post(f"/api/v1/cases/{visitor.case_id}/messages/{env.id}/open", headers=bearer(member.token))
    office.client.get(f"/api/v1/cases/{visitor.case_id}/messages?after=0", headers=bearer(visitor.token))

    stored = _instance_bytes(instance)
    assert (instance / "sottovoce.db-wal").exists(), "the test must see the WAL too"
    log = caplog.text
    secrets = {
        "visitor plaintext": SECRET_TEXT,
        "reply plaintext": REPLY_TEXT,
        "password": member.password,
        "member token": member.token,
        "visitor token": visitor.token,
        "totp secret": member.totp_secret,
    }
    for what, value in secrets.items():
        assert value.encode() not in stored, f"{what} found in the database files"
        assert value not in log, f"{what} found in the log"
    assert visitor.case_id not in log
    assert env.id not in log
    assert "127.0.0.1" not in log
    assert "GET /api/v1/cases/<case_id>/messages 200" in log  # the log is there, just without identifiers
    holder.close()
    office.app.extensions["sottovoce"]["engine"].dispose()
