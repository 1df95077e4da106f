"""What an operator who can write to the database does, for the tests of protocol v2: rows written
straight into the running portal's SQLite file, never through the API, with keys of its own."""

import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.bindings import crypto_box_keypair
from nacl.signing import SigningKey

from crypto.encoding import b64u_decode
from crypto.envelope import Envelope, seal_envelope
from crypto.keys import KdfParams, kid
from crypto.log import KeyVersion, LogSettings, MemberRecord, genesis_body, make_entry
from crypto.office import seal_grant

DATABASE = "sottovoce.db"


@dataclass(frozen=True)
class Impostor:
    """A member of the operator's making: its own signing and box keys."""

    member_id: str
    sign_seed: bytes
    box_pk: bytes

    @property
    def sign_pk(self) -> bytes:
        return bytes(SigningKey(self.sign_seed).verify_key)


class Operator:
    def __init__(self, instance: Path) -> None:
        self.db = sqlite3.connect(instance / DATABASE, timeout=30)

    def close(self) -> None:
        self.db.close()

    def one(self, sql: str, *args: Any) -> Any:
        return self.db.execute(sql, args).fetchone()

    def all(self, sql: str, *args: Any) -> list[Any]:
        return self.db.execute(sql, args).fetchall()

    def write(self, sql: str, *args: Any) -> None:
        self.db.execute(sql, args)
        self.db.commit()

    # --- Members and keys ---------------------------------------------------------------------

    def insert_member(self, display_name: str) -> Impostor:
        """An active member row named as the operator likes, with the operator's keys."""
        box_pk, _ = crypto_box_keypair()
        impostor = Impostor("m_" + secrets.token_hex(6), secrets.token_bytes(32), box_pk)
        self.write(
            "INSERT INTO member (member_id, username, display_name, salt, auth_pk, sign_pk, box_pk, bundle_nonce,"
            " bundle_ciphertext, totp_secret_sealed, totp_last_step, active, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?)",
            impostor.member_id,
            "op-" + secrets.token_hex(4),
            display_name,
            secrets.token_bytes(16),
            secrets.token_bytes(32),
            impostor.sign_pk,
            impostor.box_pk,
            secrets.token_bytes(24),
            secrets.token_bytes(100),
            secrets.token_bytes(40),
            int(time.time()),
        )
        return impostor

    def insert_office_key(self) -> bytes:
        """The next office key version, the operator's, granted to every member; returns its public key."""
        pk, sk = crypto_box_keypair()
        version = self.one("SELECT max(version) FROM office_key")[0] + 1
        self.write(
            "INSERT INTO office_key (version, box_pk, created_at) VALUES (?, ?, ?)", version, pk, int(time.time())
        )
        for member_id, box_pk in self.all("SELECT member_id, box_pk FROM member WHERE active"):
            grant = seal_grant(sk, box_pk)
            self.write(
                'INSERT INTO "grant" (member_id, version, "grant", created_at) VALUES (?, ?, ?, ?)',
                member_id,
                version,
                b64u_decode(grant),
                int(time.time()),
            )
        return pk

    def current_office_pk(self) -> bytes:
        pk: bytes = self.one("SELECT box_pk FROM office_key ORDER BY version DESC LIMIT 1")[0]
        return pk

    def grants_of_version(self, version: int) -> list[str]:
        return [r[0] for r in self.all('SELECT member_id FROM "grant" WHERE version = ? ORDER BY member_id', version)]

    # --- Items ----------------------------------------------------------------------------------

    def case(self) -> tuple[str, bytes]:
        """The (only) case: its id and its visitor's box key."""
        case_id, box_pk = self.one('SELECT case_id, visitor_box_pk FROM "case"')
        return case_id, box_pk

    def forge_reply(self, impostor: Impostor, text: str) -> str:
        """A message of the impostor's, sealed to the case's visitor and office key, as if a reply."""
        case_id, visitor_box_pk = self.case()
        env = seal_envelope(
            {"format": "plain", "body": text},
            case=case_id,
            kind="message",
            sender_seed=impostor.sign_seed,
            recipient_box_pks=[self.current_office_pk(), visitor_box_pk],
            sent_at=int(time.time()),
        )
        self.insert_item(case_id, env, impostor.member_id)
        return env.id

    def insert_item(self, case_id: str, env: Envelope, sender_ref: str, view_once: bool = False) -> None:
        # Numbered in its case as the portal numbers items (the case's counter, one more).
        self.write('UPDATE "case" SET items_posted = items_posted + 1 WHERE case_id = ?', case_id)
        (number,) = self.one('SELECT items_posted FROM "case" WHERE case_id = ?', case_id)
        self.write(
            "INSERT INTO message (id, item_no, case_id, kind, sender_ref, header, ciphertext, sig, envelope_hash,"
            " received_at, expires_at, view_once, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
            env.id,
            number,
            case_id,
            env.header["kind"],
            sender_ref,
            env.header_bytes,
            env.ciphertext,
            env.sig,
            secrets.token_bytes(32),
            int(time.time()),
            view_once,
            env.padded_size,
        )

    def item_row(self, item_id: str) -> tuple[Any, ...]:
        row: tuple[Any, ...] = self.one(
            "SELECT id, item_no, case_id, kind, sender_ref, header, ciphertext, sig, envelope_hash, received_at,"
            " expires_at, view_once, size FROM message WHERE id = ?",
            item_id,
        )
        return row

    def put_back(self, row: tuple[Any, ...]) -> None:
        """An item row saved earlier, written again in place of what is left of it (after it was
        destroyed, or emptied once read)."""
        self.write("DELETE FROM message WHERE id = ?", row[0])
        self.write(
            "INSERT INTO message (id, item_no, case_id, kind, sender_ref, header, ciphertext, sig, envelope_hash,"
            " received_at, expires_at, view_once, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            *row,
        )

    def newest_item_ids(self) -> list[str]:
        return [r[0] for r in self.all("SELECT id FROM message ORDER BY seq")]

    def recipient_kids(self, item_id: str) -> set[str]:
        header = json.loads(self.one("SELECT header FROM message WHERE id = ?", item_id)[0])
        return {r["kid"] for r in header["recipients"]}

    # --- The log ----------------------------------------------------------------------------------

    def log_length(self) -> int:
        n: int = self.one("SELECT count(*) FROM office_log_entry")[0]
        return n

    def cut_log(self, length: int) -> None:
        """Deletes the log's entries from ``length`` on: a log cut short."""
        self.write("DELETE FROM office_log_signature WHERE seq >= ?", length)
        self.write("DELETE FROM office_log_entry WHERE seq >= ?", length)

    def replace_log(self, impostor: Impostor) -> None:
        """The whole log swapped for one of the operator's: a genesis naming the impostor alone,
        for the same office and key, signed by the impostor (a fork from the very start)."""
        office_id, name, v_ops, v_mem, m_ops, m_mem = self.one(
            "SELECT office_id, name, visitor_kdf_ops, visitor_kdf_mem, member_kdf_ops, member_kdf_mem FROM office"
        )
        settings = LogSettings(KdfParams(v_ops, v_mem), KdfParams(m_ops, m_mem))
        me = MemberRecord(impostor.member_id, "Ada, Ombuds", impostor.sign_pk, impostor.box_pk)
        keys = [KeyVersion(v, pk) for v, pk in self.all("SELECT version, box_pk FROM office_key ORDER BY version")]
        entry = make_entry(genesis_body(office_id, int(time.time()), name, [me], [], keys, settings), [
            (impostor.member_id, impostor.sign_seed)
        ])  # fmt: skip
        self.cut_log(0)
        self.write(
            "INSERT INTO office_log_entry (seq, body, hash, type, created_at) VALUES (0, ?, ?, 'genesis', ?)",
            entry.body_bytes,
            entry.hash,
            int(time.time()),
        )
        self.write(
            "INSERT INTO office_log_signature (seq, position, member_id, sig) VALUES (0, 0, ?, ?)",
            impostor.member_id,
            entry.sigs[0].sig,
        )


def kid_of(pk: bytes) -> str:
    return kid(pk)
