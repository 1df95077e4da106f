"""A signed-in member's keys (PROTOCOL.md section 6): the unwrapped bundle, and the office box
secret keys opened from this member's own grants, kept only for the versions the verified log
names with the same public key (as static/js/models/keyring.js does)."""

from dataclasses import dataclass
from typing import Any

from crypto.encoding import b64u_decode
from crypto.envelope import parse_envelope
from crypto.errors import DecodeError, EnvelopeError, ProtocolError
from crypto.keys import box_pk_from_sk, kid
from crypto.log_state import LogState
from crypto.member import MemberBundle
from crypto.office import open_grant
from terminal.errors import ClientError, IntegrityError

NO_CURRENT_KEY = "you do not hold the current office key yet: a colleague must grant it to you"


@dataclass(frozen=True)
class OfficeKey:
    version: int
    sk: bytes
    pk: bytes

    @property
    def kid(self) -> str:
        return kid(self.pk)


class Keyring:
    def __init__(self, bundle: MemberBundle, grants: list[dict[str, Any]]) -> None:
        self.bundle = bundle
        self.office: dict[int, OfficeKey] = {}
        self.add(grants)

    def add(self, grants: list[dict[str, Any]]) -> None:
        """Opens the grants of versions not held yet; a grant paired with another public key than
        its own is a lie of the server's, and refused."""
        for grant in grants:
            version = int(grant["version"])
            if version in self.office:
                continue
            try:
                sk = open_grant(grant["grant"], self.bundle.box_pk, self.bundle.box_sk)
                claimed = b64u_decode(grant["box_pk"], 32)
            except (EnvelopeError, DecodeError) as exc:
                raise IntegrityError(f"REFUSED: your grant of office key version {version} does not open") from exc
            pk = box_pk_from_sk(sk)
            if pk != claimed:
                raise IntegrityError(f"REFUSED: office key version {version} does not match its grant")
            self.office[version] = OfficeKey(version, sk, pk)

    def trust(self, log: LogState) -> None:
        """Keeps only the versions the verified log names, with the public key it names."""
        named = {k.version: k.box_pk for k in log.keys}
        for version in list(self.office):
            if named.get(version) != self.office[version].pk:
                del self.office[version]

    def current(self, log: LogState) -> OfficeKey:
        held = self.office.get(log.current_key.version)
        if held is None:
            raise ClientError(NO_CURRENT_KEY)
        return held

    def secret_key_for(self, envelope: object) -> bytes:
        """The office secret key the envelope was sealed to (by recipient kid), or the newest held."""
        try:
            kids = parse_envelope(envelope).recipient_kids
        except ProtocolError:
            kids = []  # malformed: opening refuses it with its one opaque error
        held = sorted(self.office.values(), key=lambda k: k.version)
        match = next((k for k in held if k.kid in kids), held[-1] if held else None)
        if match is None:
            raise EnvelopeError("no office key held")
        return match.sk
