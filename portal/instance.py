"""The instance folder: the SQLite file and the generated secrets live here, private to the server."""

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

SECRETS_FILE = "secrets.json"


@dataclass(frozen=True)
class InstanceSecrets:
    master: bytes

    def subkey(self, purpose: str) -> bytes:
        return hashlib.blake2b(purpose.encode(), key=self.master, digest_size=32).digest()

    def keyed_hash(self, purpose: str, data: bytes) -> bytes:
        return hashlib.blake2b(data, key=self.subkey(purpose), digest_size=32).digest()

    def seal(self, purpose: str, data: bytes) -> bytes:
        return bytes(SecretBox(self.subkey(purpose)).encrypt(data))

    def unseal(self, purpose: str, data: bytes) -> bytes:
        try:
            return bytes(SecretBox(self.subkey(purpose)).decrypt(data))
        except CryptoError as exc:
            raise ValueError("sealed with another instance secret") from exc


def load_instance_secrets(folder: Path) -> InstanceSecrets:
    """Read the instance secret, creating the folder and the secret on first use."""
    env_value = os.environ.get("SOTTOVOCE_SECRET_KEY")
    if env_value:
        return InstanceSecrets(hashlib.blake2b(env_value.encode(), digest_size=32).digest())
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / SECRETS_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"master": secrets.token_hex(32)}, f)
    return InstanceSecrets(bytes.fromhex(json.loads(path.read_text())["master"]))
