"""A member signed in from the terminal, as the member pages do it (static/js/pages/member/
sign-in.js): username, password and TOTP code; the keys derived from the password open the
bundle and the grants; the office log is verified and checked against this member's pin before
anything is shown. Then the commands, each verifying the log again first."""

import datetime
import urllib.parse
from collections.abc import Callable
from typing import Any

from crypto.auth import sign_challenge
from crypto.bookmark import Bookmark, open_bookmark, seal_bookmark
from crypto.consent import REQUEST_KIND, ConsentRequest
from crypto.encoding import b64u_decode, b64u_encode
from crypto.errors import EnvelopeError, ParameterError
from crypto.keys import KdfParams
from crypto.log import MemberRecord, member_fingerprint
from crypto.member import password_keys, unwrap_bundle
from crypto.pin import member_pin_case
from crypto.viewcode import normalize_view_code
from terminal import consents
from terminal.errors import ApiError, ClientError
from terminal.fingerprint import confirm_first_log, log_lines
from terminal.http import Api
from terminal.keyring import NO_CURRENT_KEY, Keyring
from terminal.office import Office
from terminal.pins import OwnerKeys, PinKeeper
from terminal.show import case_name, count, thread_lines, when
from terminal.thread import CaseSide, Thread

SALT_BYTES = 16
NOT_FOUND = 404
KINDS = {"message": "Message", "note": "Office note", "consent-request": "Consent request"}
KINDS |= {"consent-answer": "Consent answer", "guidance": "Guidance"}

PASSKEY_FIRST = (
    "the office requires a passkey and you have none yet: register one on the portal's page "
    "(tab Passkeys) first; you are signed out"
)

Say = Callable[[str], None]


def sign_in(api: Api, username: str, password: str, totp: str, *, fingerprint: str | None, say: Say) -> "Member":
    """Signs in and checks the office log against this member's pin; signs out again on any failure."""
    office = Office(api).load()
    fields = {"role": "member", "username": username}
    challenge = api.post("/auth/challenge", fields)
    try:
        kdf = KdfParams(int(challenge["kdf"]["ops"]), int(challenge["kdf"]["mem"]))
        derived = password_keys(password, b64u_decode(challenge["salt"], SALT_BYTES), kdf)
    except ParameterError as exc:
        raise ClientError(
            f"REFUSED: the portal asks for a key derivation weaker than the protocol allows ({exc})"
        ) from exc
    sig = sign_challenge(derived.auth_seed, office.id, b64u_decode(challenge["challenge"]))
    answer = api.post(
        "/auth/session", {**fields, "challenge": challenge["challenge"], "sig": b64u_encode(sig), "totp": totp}
    )
    api.token = answer["token"]
    try:
        member_id = str(answer["member_id"])
        try:
            bundle = unwrap_bundle(answer["bundle"], derived.wrapping_key, member_id)
        except EnvelopeError as exc:
            raise ClientError("your keys do not open with this password: you are signed out") from exc
        if answer.get("passkey_required"):
            raise ClientError(PASSKEY_FIRST)
        member = Member(office, member_id, username, Keyring(bundle, answer["office_grants"]))
        member.trust_log(fingerprint, say)
        return member
    except BaseException:
        api.sign_out()  # signed in on the server, but the keys or the log failed: end that session
        raise


def end_of_day(typed: str) -> int:
    """The end of a day given as YYYY-MM-DD, in this machine's time zone, as Unix seconds."""
    try:
        day = datetime.date.fromisoformat(typed.strip())
    except ValueError as exc:
        raise ClientError(f"--until must be a day, like 2027-01-31 (not {typed!r})") from exc
    return int(datetime.datetime.combine(day, datetime.time(23, 59, 59)).timestamp())


class Member:
    def __init__(self, office: Office, member_id: str, username: str, keyring: Keyring) -> None:
        self.office, self.api = office, office.api
        self.member_id, self.username, self.keyring = member_id, username, keyring
        b = keyring.bundle
        keys = OwnerKeys(b.sign_seed, b.sign_pk, b.box_sk, b.box_pk)
        self.pins = PinKeeper(self.api, "/office/pin", member_pin_case(member_id), keys)

    @property
    def name(self) -> str:
        """As the log names this member; one not admitted yet is named by their username."""
        if self.office.log.member(self.member_id) is None:
            return f"{self.username} (not in the office log yet: a colleague must admit you)"
        return self.office.member_name(self.member_id)

    @property
    def fingerprint(self) -> str:
        """What a colleague compares before granting the office key (the fingerprint covers no name)."""
        b = self.keyring.bundle
        return member_fingerprint(MemberRecord(self.member_id, "-", b.sign_pk, b.box_pk))

    def trust_log(self, fingerprint: str | None, say: Say) -> None:
        """Before anything is shown: the keyring cut to the keys the log names, the pin checked and
        stored anew. A log seen for the first time must be confirmed by its fingerprint, unless
        this member signed its first entry."""
        log = self.office.log
        self.keyring.trust(log)
        pinned = self.pins.check(log)
        if not pinned and not self.office.started_by(self.member_id):
            confirm_first_log(log, fingerprint, say)
        self.pins.store(log)

    def refresh(self) -> None:
        """Before each command: the office read and verified again (it must extend what was
        verified), this member's grant of a new key version taken, the pin kept up."""
        self.office.load()
        log = self.office.log
        if log.current_key.version not in self.keyring.office:
            self.keyring.add(self.api.get("/office/grants")["items"])
        self.keyring.trust(log)
        self.pins.follow(log)

    # --- Commands ------------------------------------------------------------------------------

    def cases(self) -> list[str]:
        self.refresh()
        listing = self.api.get("/cases")["items"]
        if not listing:
            return ["No cases."]
        marks = self._bookmarks()
        lines = []
        for c in listing:
            label, read = marks.get(c["case_id"], ("", 0))
            unread = sum(1 for seq in c.get("from_others", []) if seq > read)
            parts = [case_name(c["case_id"]) + (f" \u201c{label}\u201d" if label else ""), c["status"]]
            parts += [f"opened {when(c['created_at'])}", f"last active {when(c['last_activity_at'])}"]
            parts.append(count(c["items"], "item") + (f", {unread} unread" if unread else ""))
            if c.get("urgent"):
                parts.append("URGENT")
            if c.get("flagged"):
                parts.append("FLAGGED by the visitor")
            if c.get("assignee"):
                parts.append(f"assigned to {self.office.viewer_name(c['assignee'], self.member_id)}")
            lines.append(f"{c['case_id']}  " + "  ".join(parts))
        return lines

    def _bookmarks(self) -> dict[str, tuple[str, int]]:
        """This member's own labels and read markers, opened with their own key; one that does not open is left out."""
        marks: dict[str, tuple[str, int]] = {}
        for item in self.api.get("/office/bookmarks")["items"]:
            try:
                b = open_bookmark(
                    item["bookmark"],
                    box_sk=self.keyring.bundle.box_sk,
                    member_id=self.member_id,
                    case_id=item["case_id"],
                )
            except EnvelopeError:
                continue
            marks[item["case_id"]] = (b.label, b.read)
        return marks

    def resolve(self, typed: str) -> str:
        """The case id, from the whole id or the start of one as the lists show it ("c_1a2b3c4d")."""
        ids = [str(c["case_id"]) for c in self.api.get("/cases")["items"]]
        if typed in ids:
            return typed
        matches = [i for i in ids if i.startswith(typed)]
        if len(matches) != 1:
            raise ClientError(f"no case {typed!r}" if not matches else f"several cases start with {typed!r}")
        return matches[0]

    def thread(self, case_id: str) -> Thread:
        record = self.api.get(f"/cases/{urllib.parse.quote(case_id, safe='')}")
        visitor = (b64u_decode(record["visitor_sign_pk"], 32), b64u_decode(record["visitor_box_pk"], 32))
        side = CaseSide(
            self.office,
            str(record["case_id"]),
            self.member_id,
            self.keyring.bundle.sign_seed,
            visitor,
            office_box_pk=lambda: self.keyring.current(self.office.log).pk,  # from this member's own grant
            secret_key_for=self.keyring.secret_key_for,
        )
        return Thread(side, prepare=self.refresh, opened_before=self.pins.opened_before, spent=self._spent)

    def _spent(self, item_id: str) -> None:
        self.pins.store(self.office.log, (item_id,))

    def read(self, case_id: str, *, open_view_once: bool = False) -> list[str]:
        self.refresh()
        if not self.keyring.office:
            raise ClientError(NO_CURRENT_KEY)
        case_id = self.resolve(case_id)
        thread = self.thread(case_id)
        entries = thread.entries(open_view_once=open_view_once)
        self._mark_read(thread.side.case_id, thread.cursor)
        lines = [f"{case_name(case_id)} ({case_id}), as the office log names its senders:"]
        found = consents.states(entries, self.api.server_now())
        lines += thread_lines(entries, {i: consents.state_line(state, "office") for i, state in found.items()})
        refused = sum(1 for e in entries if e.state in ("refused", "replayed"))
        lines.append(count(len(entries), "item") + (f", {refused} REFUSED" if refused else "") + ".")
        return lines

    def _mark_read(self, case_id: str, seq: int) -> None:
        """This member's read marker moved to ``seq``, as the pages keep it (their label kept)."""
        label, read = self._bookmarks().get(case_id, ("", 0))
        if seq <= read:
            return
        sealed = seal_bookmark(
            Bookmark(label, seq), box_sk=self.keyring.bundle.box_sk, member_id=self.member_id, case_id=case_id
        )
        self.api.put(f"/cases/{urllib.parse.quote(case_id, safe='')}/bookmark", {"bookmark": sealed})

    def reply(self, case_id: str, text: str) -> list[str]:
        if not text.strip():
            raise ClientError("nothing to send: the reply is empty")
        self.refresh()
        self.keyring.current(self.office.log)  # (says so before sealing, if this member lacks the key)
        case_id = self.resolve(case_id)
        receipt = self.thread(case_id).send(text)
        return [f"Sent to {case_name(case_id)} at {when(receipt['received_at'])} (id {receipt['id']})."]

    def ask(self, case_id: str, text: str, *, with_whom: str, until: str, named: bool) -> list[str]:
        """Asks the visitor for consent to share ``text`` with ``with_whom`` until the end of the
        day ``until`` (YYYY-MM-DD, this machine's time zone, as the page takes it)."""
        end = end_of_day(until)
        if end <= self.api.server_now():
            raise ClientError("choose a date from today on")
        try:
            request = ConsentRequest(text.strip(), with_whom.strip(), named, end)
        except ValueError as exc:
            raise ClientError(str(exc)) from exc
        self.refresh()
        self.keyring.current(self.office.log)
        case_id = self.resolve(case_id)
        receipt = self.thread(case_id).send_payload(request.payload(), REQUEST_KIND)
        return [f"Consent asked in {case_name(case_id)} at {when(receipt['received_at'])} (id {receipt['id']})."]

    def trace(self, typed: str) -> list[str]:
        code = normalize_view_code(typed)
        if code is None:
            raise ClientError("a view code has ten letters and digits, like 7K3QD-M9XTA")
        self.refresh()
        try:
            found = self.api.get(f"/trace?code={urllib.parse.quote(code)}")
        except ApiError as err:
            if err.status == NOT_FOUND:
                return [f"No view has the code {code}."]
            raise
        return self._traced(found)

    def _traced(self, found: dict[str, Any]) -> list[str]:
        item, name = found["item"], self.office.viewer_name
        what = f"{KINDS.get(item['kind'], item['kind'])} from {name(item['from'], self.member_id)}"
        what += f", received {when(item['received_at'])}"
        if item.get("destroyed"):
            what += " (destroyed since: expired or viewed once)"
        return [
            f"View {found['code']}",
            f"  Opened by: {name(found['by'], self.member_id)}",
            f"  When:      {when(found['opened_at'])}",
            f"  Item:      {what}",
            f"  Case:      {case_name(found['case_id'])} ({found['case_id']})",
        ]

    def log_verify(self, fingerprint: str | None) -> list[str]:
        self.refresh()
        return log_lines(self.office, fingerprint, pinned=True)
