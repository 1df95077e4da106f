"""A visitor in the terminal, as the visitor pages do it (static/js/pages/visitor/): the codename
derives the keys with the office's visitor parameters as its verified log fixes them; the sign-in
challenge is signed; the log is checked against the case's pin before anything is sent or shown;
nothing the office wrote is opened before the visitor agrees to keep it confidential."""

import urllib.parse
from collections.abc import Callable
from typing import Any

from crypto.auth import sign_challenge
from crypto.consent import ANSWER_KIND, ConsentAnswer, Decision, consent_digest
from crypto.encoding import b64u_decode, b64u_encode
from crypto.errors import ParameterError
from crypto.keys import CODENAME_WORDS, VisitorKeys, normalize_codename, visitor_keys
from terminal import consents
from terminal.errors import ClientError
from terminal.fingerprint import confirm_first_log, log_lines
from terminal.http import Api
from terminal.office import VISITOR, Office
from terminal.pins import OwnerKeys, PinKeeper
from terminal.show import case_name, count, thread_lines, when
from terminal.thread import CaseSide, Thread

COVENANT = (
    "Confidentiality runs both ways. Before you read what the office wrote, please agree to keep it to "
    "yourself: do not forward, copy or share its messages without its agreement. Each opening of a "
    "message is recorded. To agree and read them, run read with --agree."
)
RETALIATION_TEXT = "I think I am facing retaliation."  # as the page words it
NOT_A_CODENAME = f"a codename is {CODENAME_WORDS} words, as you wrote it down when you started your case"

Say = Callable[[str], None]


def sign_in(api: Api, codename: str, *, fingerprint: str | None, say: Say) -> "Visitor":
    if len(normalize_codename(codename).split(" ")) != CODENAME_WORDS:
        raise ClientError(NOT_A_CODENAME)
    office = Office(api).load()
    visitor = signed_in(office, derive_keys(office, codename))
    try:
        visitor.trust_log(fingerprint, say)
        return visitor
    except BaseException:
        api.sign_out()
        raise


def derive_keys(office: Office, codename: str) -> VisitorKeys:
    """The visitor's keys, with the parameters the verified log fixes (never the server's word)."""
    settings = office.log.settings
    if settings is None:  # (a verified log always has settings)
        raise ClientError("the office log has no settings")
    try:
        return visitor_keys(codename, office.id, settings.visitor_kdf)
    except ParameterError as exc:
        raise ClientError(f"REFUSED: the office's key derivation is weaker than the protocol allows ({exc})") from exc


def signed_in(office: Office, keys: VisitorKeys) -> "Visitor":
    """Answers the sign-in challenge with the visitor's signing key (PROTOCOL.md section 5)."""
    api = office.api
    sign_pk = b64u_encode(keys.sign_pk)
    challenge = api.post("/auth/challenge", {"role": "visitor", "sign_pk": sign_pk})["challenge"]
    sig = b64u_encode(sign_challenge(keys.sign_seed, office.id, b64u_decode(challenge)))
    answer = api.post("/auth/session", {"role": "visitor", "sign_pk": sign_pk, "challenge": challenge, "sig": sig})
    api.token = answer["token"]
    return Visitor(office, str(answer["case_id"]), keys)


class Visitor:
    def __init__(self, office: Office, case_id: str, keys: VisitorKeys) -> None:
        self.office, self.api, self.case_id, self.keys = office, office.api, case_id, keys
        owner = OwnerKeys(keys.sign_seed, keys.sign_pk, keys.box_sk, keys.box_pk)
        self.pins = PinKeeper(self.api, f"{self.case_path}/pin", case_id, owner)

    @property
    def case_path(self) -> str:
        return f"/cases/{urllib.parse.quote(self.case_id, safe='')}"

    def trust_log(self, fingerprint: str | None, say: Say) -> None:
        """Before anything is sent or shown: the pin checked (a log never seen before confirmed by
        its fingerprint), then stored anew."""
        log = self.office.log
        if not self.pins.check(log):
            confirm_first_log(log, fingerprint, say)
        self.pins.store(log)

    def refresh(self) -> None:
        self.office.load()
        self.pins.follow(self.office.log)

    def thread(self, covenant_accepted: bool) -> Thread:
        side = CaseSide(
            self.office,
            self.case_id,
            VISITOR,
            self.keys.sign_seed,
            (self.keys.sign_pk, self.keys.box_pk),
            office_box_pk=lambda: self.office.log.current_key.box_pk,  # the current key of the verified log
            secret_key_for=lambda envelope: self.keys.box_sk,
        )

        def may_open(item: dict[str, Any]) -> bool:
            return item["from"] == VISITOR or covenant_accepted

        def spent(item_id: str) -> None:
            self.pins.store(self.office.log, (item_id,))

        return Thread(side, prepare=self.refresh, opened_before=self.pins.opened_before, spent=spent, may_open=may_open)

    def read(self, *, agree: bool = False, open_view_once: bool = False) -> list[str]:
        self.refresh()
        covenant = self.api.get(self.case_path)["covenant"]
        accepted = covenant["accepted_version"] == covenant["current_version"]
        if agree and not accepted:
            self.api.post(f"{self.case_path}/covenant", {"version": self.office.covenant_version})
            accepted = True
        entries = self.thread(accepted).entries(open_view_once=open_view_once)
        lines = [f"Your case, {case_name(self.case_id)}, with {self.office.name}:"]
        found = consents.states(entries, self.api.server_now())
        lines += thread_lines(entries, {i: consents.state_line(state, "visitor") for i, state in found.items()})
        if not entries:
            lines.append("No messages yet.")
        if any(e.state == "covenant" for e in entries):
            lines.append(COVENANT)
        refused = sum(1 for e in entries if e.state in ("refused", "replayed"))
        if refused:
            lines.append(f"{count(refused, 'item')} REFUSED: not verified. Someone may have tampered with the portal.")
        return lines

    def write(self, text: str, *, urgent: bool = False) -> list[str]:
        if not text.strip():
            raise ClientError("nothing to send: the message is empty")
        self.refresh()
        receipt = self.thread(False).send(text, flag="urgent" if urgent else None)
        flagged = " The office is alerted now." if receipt.get("flagged") else ""
        return [f"Sent to the office at {when(receipt['received_at'])} (id {receipt['id']}).{flagged}"]

    def answer(self, item_id: str, decision: Decision) -> list[str]:
        """Answers the consent request ``item_id``: signed by the visitor's key and bound to the
        exact bytes of the request (its digest), so it cannot be moved onto another."""
        self.refresh()
        covenant = self.api.get(self.case_path)["covenant"]
        accepted = covenant["accepted_version"] == covenant["current_version"]
        thread = self.thread(accepted)
        entries = thread.entries()
        asked = next((e for e in entries if e.id == item_id), None)
        if asked is not None and asked.state == "covenant":
            raise ClientError("agree to keep what the office tells you confidential first: read --agree")
        consent = asked.consent if asked is not None and asked.state == "open" else None
        if consent is None or consent.envelope is None:
            raise ClientError(f"no consent request {item_id!r} in your case (its id is shown after it by read)")
        answer = ConsentAnswer(item_id, consent_digest(consent.envelope), decision)
        receipt = thread.send_payload(answer.payload(), ANSWER_KIND)
        return [f"Your answer ({decision}) is sent at {when(receipt['received_at'])}."]

    def alert_retaliation(self, words: str = "") -> list[str]:
        """ "I think I am facing retaliation": a sealed message, flagged so the office is alerted at
        once; only the sealed payload says why (the server learns it is flagged)."""
        text = f"{RETALIATION_TEXT}\n\n{words.strip()}" if words.strip() else RETALIATION_TEXT
        self.refresh()
        receipt = self.thread(False).send(text, flag="retaliation")
        return [
            f"Your alert is sent at {when(receipt['received_at'])}: the office is alerted now (id {receipt['id']})."
        ]

    def log_verify(self, fingerprint: str | None) -> list[str]:
        self.refresh()
        return log_lines(self.office, fingerprint, pinned=True)
