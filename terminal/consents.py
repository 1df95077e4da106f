"""Consent in a case's thread (docs/protocol/v2.md section 13), as static/js/models/consents.js
reads it: each request with the visitor's answers that bind its exact bytes, and its state."""

from crypto.consent import ConsentState, Decision, consent_digest, consent_state
from terminal.show import when
from terminal.thread import Entry

WAITING = {"visitor": "Waiting for your answer", "office": "Waiting for the visitor's answer"}
STATES = {"accepted": "Accepted", "declined": "Declined", "withdrawn": "Withdrawn", "expired": "Expired"}


def states(entries: list[Entry], now: float) -> dict[str, ConsentState]:
    """The state of each request opened, by item id, from the answers opened that bind it."""
    requests = {e.id: e.consent for e in entries if e.state == "open" and e.consent and e.consent.request}
    digests = {i: consent_digest(c.envelope) for i, c in requests.items() if c and c.envelope is not None}
    answers: dict[str, list[tuple[Decision, int]]] = {i: [] for i in requests}
    for e in entries:
        c = e.consent
        if e.state != "open" or c is None or c.answer is None or not c.from_visitor or e.sent_at is None:
            continue
        if c.answer.request in digests and c.answer.digest == digests[c.answer.request]:
            answers[c.answer.request].append((c.answer.decision, e.sent_at))
    out: dict[str, ConsentState] = {}
    for i, c in requests.items():
        if c is not None and c.request is not None:
            out[i] = consent_state(c.request, answers[i], now)
    return out


def state_line(state: ConsentState, side: str) -> str:
    if state.state == "waiting" or state.at is None:
        return WAITING[side]
    return f"{STATES[state.state]} on {when(state.at)}"
