"""A case's thread, for either side: lists what is new, opens each item (every opening is a
recorded view, PROTOCOL.md section 8) and checks it as the pages do (static/js/models/thread.js
and case-crypto.js): signed by the case's visitor or a member of the verified log, sealed to this
side, the sender's view of the log a prefix of ours, a view-once item never shown twice. An item
that fails is shown as refused, never dropped. Also seals and posts a new message."""

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crypto.consent import ANSWER_KIND, REQUEST_KIND, ConsentAnswer, ConsentRequest, parse_answer, parse_request
from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import Opened, open_envelope, seal_envelope
from crypto.errors import DecodeError, EnvelopeError, LogError
from terminal.errors import ApiError
from terminal.office import VISITOR, Office

PAGE_SIZE = 100
GONE = 410  # destroyed or expired between listing and opening
STALE_RECIPIENTS = "bad_recipients"  # sealed to an office key the server no longer takes
FLAGS = ("urgent", "retaliation")


@dataclass(frozen=True)
class Consent:
    """What a consent item holds (docs/protocol/v2.md section 13): a request with its envelope as
    signed (for answers to bind), or an answer and whether the case's visitor signed it."""

    request: ConsentRequest | None = None
    envelope: dict[str, Any] | None = None
    answer: ConsentAnswer | None = None
    from_visitor: bool = False


@dataclass(frozen=True)
class Entry:
    """One item as shown: ``state`` is "open", "refused", "replayed" (a view-once item served
    again), "spent" (read once already), "held" (view once, not opened) or "covenant" (from the
    office, not opened until the visitor agrees to keep it confidential)."""

    id: str
    kind: str
    received_at: int
    state: str
    sender: str = ""
    text: str = ""
    sent_at: int | None = None
    view_code: str | None = None
    view_once: bool = False
    flag: str | None = None
    consent: Consent | None = None


@dataclass
class CaseSide:
    """One side of a case: ``self_ref`` is "visitor" or this member's id; ``visitor`` the case's
    visitor keys (sign_pk, box_pk); ``office_box_pk()`` the key to seal to; ``secret_key_for``
    this side's box secret key that opens an envelope."""

    office: Office
    case_id: str
    self_ref: str
    sign_seed: bytes
    visitor: tuple[bytes, bytes]
    office_box_pk: Callable[[], bytes]
    secret_key_for: Callable[[object], bytes]

    @property
    def visitor_sign_pk(self) -> str:
        return b64u_encode(self.visitor[0])

    def ours(self, sender_ref: str) -> bool:
        """Sent by this side: the visitor, or any member of the office."""
        return (sender_ref == VISITOR) == (self.self_ref == VISITOR)


class Thread:
    """``prepare()`` runs before each listing and after a refused post (the office read again,
    new grants taken); ``may_open(item)`` is False for an item not to open yet (the covenant);
    ``opened_before(id)`` and ``spent(id)`` keep the pin's view-once list."""

    def __init__(
        self,
        side: CaseSide,
        *,
        prepare: Callable[[], None],
        opened_before: Callable[[str], bool],
        spent: Callable[[str], None],
        may_open: Callable[[dict[str, Any]], bool] = lambda item: True,
    ) -> None:
        self.side = side
        self.api = side.office.api
        self.prepare, self.opened_before, self.spent, self.may_open = prepare, opened_before, spent, may_open
        self.cursor = 0  # the last listing's cursor: every item up to it was listed

    @property
    def path(self) -> str:
        return f"/cases/{urllib.parse.quote(self.side.case_id, safe='')}/messages"

    def entries(self, *, open_view_once: bool = False) -> list[Entry]:
        """Every item of the case, in order of receipt, opened unless held back."""
        self.prepare()
        out: list[Entry] = []
        cursor = "0"
        while True:
            page = self.api.get(f"{self.path}?after={urllib.parse.quote(cursor)}&limit={PAGE_SIZE}")
            for item in page["items"]:
                entry = self._entry(item, open_view_once)
                if entry is not None:
                    out.append(entry)
            cursor = str(page["cursor"])
            if len(page["items"]) < PAGE_SIZE:
                self.cursor = int(cursor)
                return out

    def _entry(self, item: dict[str, Any], open_view_once: bool) -> Entry | None:
        listed = Entry(str(item["id"]), str(item["kind"]), int(item["received_at"]), "", view_once=True)
        from_ref = str(item["from"])
        if item.get("spent_at"):
            return _with(listed, state="spent", sender=self._listed_sender(from_ref))
        if not self.may_open(item):
            return _with(listed, state="covenant", sender=self._listed_sender(from_ref), view_once=item["view_once"])
        held = item["view_once"] and not self.side.ours(from_ref) and not self.opened_before(listed.id)
        if held and not open_view_once:
            return _with(listed, state="held", sender=self._listed_sender(from_ref))
        return self._open(item)

    def _listed_sender(self, from_ref: str) -> str:
        """Who sent an unopened item, by the listing's word (there is no signed header to read)."""
        return self.side.office.viewer_name(from_ref, self.side.self_ref).replace("the visitor", "Visitor")

    def _open(self, item: dict[str, Any]) -> Entry | None:
        item_id = str(item["id"])
        try:
            answer = self.api.post(f"{self.path}/{urllib.parse.quote(item_id, safe='')}/open")
        except ApiError as err:
            if err.status == GONE:
                return None
            raise
        view = answer.get("view") or {}
        code = view.get("code")
        refused = Entry(item_id, str(item["kind"]), int(item["received_at"]), "refused", "Unknown", view_code=code)
        try:
            opened = self._open_envelope(answer["envelope"])
            consent = _consent_of(opened, answer["envelope"], self.side.visitor_sign_pk)
            text = consent.request.body if consent and consent.request else _text_of(opened, consent)
            self._check_log_seen(opened.header)
        except (EnvelopeError, LogError, DecodeError):
            return refused
        header = opened.header
        if header["id"] != item_id:
            return refused  # listed under another id than the one signed: not what it claims to be
        side = self.side
        sender = side.office.sender_name(header["sender"], side.visitor_sign_pk, side.self_ref)
        from_other_side = (header["sender"] == side.visitor_sign_pk) != (side.self_ref == VISITOR)
        spends = bool(header["view_once"]) and from_other_side
        if spends and self.opened_before(item_id):
            return _with(refused, state="replayed", sender=sender, view_once=True)
        if spends:
            self.spent(item_id)
        flag = opened.payload.get("flag")
        by_visitor = header["sender"] == side.visitor_sign_pk
        return Entry(
            item_id,
            str(header["kind"]),
            int(item["received_at"]),
            "open",
            sender,
            text,
            int(header["sent_at"]),
            code,
            bool(header["view_once"]),
            flag if flag in FLAGS and by_visitor else None,
            consent,
        )

    def _open_envelope(self, envelope: object) -> Opened:
        side = self.side
        senders = side.office.signing_keys() | {side.visitor[0]}
        opened = open_envelope(envelope, side.secret_key_for(envelope), senders, side.case_id)
        header = opened.header
        if header["sender"] != side.visitor_sign_pk:
            kids = [r["kid"] for r in header["recipients"]]
            side.office.log.item_sender(b64u_decode(header["sender"]), int(header["sent_at"]), kids)
        return opened

    def _check_log_seen(self, header: dict[str, Any]) -> None:
        """The log the sender saw must be a prefix of ours (a longer one: read the log again)."""
        seen = header.get("log")
        if seen is None:
            return  # sealed before protocol v2
        office = self.side.office
        if seen["length"] > office.log.length:
            office.load()
        if not office.log.extends(int(seen["length"]), b64u_decode(seen["head"], 32)):
            raise LogError("the sender saw another office log: the log has forked")

    def send(self, text: str, *, flag: str | None = None) -> dict[str, Any]:
        """Seals ``text`` as a plain message to the office key and the case's visitor, posts it,
        and returns the server's receipt. A post refused for its recipients (the office key
        changed meanwhile) is sealed again once, to the key the log then names."""
        payload: dict[str, Any] = {"format": "plain", "body": text}
        if flag is not None:
            payload["flag"] = flag
        return self.send_payload(payload, "message", flagged=flag is not None)

    def send_payload(self, payload: dict[str, Any], kind: str, *, flagged: bool = False) -> dict[str, Any]:
        """Seals ``payload`` as an item of ``kind`` (a message, a consent request or answer) and posts it."""
        path = f"{self.path}?flag=true" if flagged else self.path
        try:
            return dict(self.api.post(path, self._seal(payload, kind)))
        except ApiError as err:
            if err.error_code != STALE_RECIPIENTS:
                raise
        self.prepare()
        return dict(self.api.post(path, self._seal(payload, kind)))

    def _seal(self, payload: dict[str, Any], kind: str) -> dict[str, str]:
        side, log = self.side, self.side.office.log
        return seal_envelope(
            payload,
            case=side.case_id,
            kind=kind,
            sender_seed=side.sign_seed,
            recipient_box_pks=[side.office_box_pk(), side.visitor[1]],
            sent_at=self.api.server_now(),
            log=(log.length, log.head),
        ).to_json()


def _with(entry: Entry, **changes: Any) -> Entry:
    return Entry(**{**entry.__dict__, **changes})


def _consent_of(opened: Opened, envelope: dict[str, Any], visitor_sign_pk: str) -> Consent | None:
    """The consent item its signed kind says it is; DecodeError if it is not exactly one."""
    kind, payload = opened.header["kind"], opened.payload
    if kind == REQUEST_KIND:
        return Consent(request=parse_request(payload), envelope=envelope)
    if kind == ANSWER_KIND:
        return Consent(answer=parse_answer(payload), from_visitor=opened.header["sender"] == visitor_sign_pk)
    return None


def _text_of(opened: Opened, consent: Consent | None) -> str:
    """What an opened item says (an answer says nothing of its own: its request shows its state)."""
    if consent is not None:
        return ""
    body = opened.payload.get("body")
    if not isinstance(body, str):
        raise EnvelopeError("no text")
    return body
