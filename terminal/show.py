"""Plain text for a terminal: times, case names, and the items of a thread."""

import time

from terminal.thread import Entry

SHORT_ID = 10  # "c_" and 8 characters, as the pages cut a case id (static/js/models/case-name.js)
KINDS = {"message": "", "consent-request": "consent request", "consent-answer": "consent answer", "note": "office note"}
STATES = {
    "refused": "REFUSED: this item does not verify (not sealed by the visitor or a member of the office log)",
    "replayed": "REFUSED: shown only once, and served again",
    "spent": "(read once already: only its record is left)",
    "held": "(view once: not opened; opening spends it; use --open-view-once)",
    "covenant": "(not opened: agree to keep what the office tells you confidential first; use --agree)",
}


def when(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(seconds))  # this machine's time zone


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def case_name(case_id: str) -> str:
    return f"Case {case_id[:SHORT_ID]}"


def thread_lines(entries: list[Entry], consent: dict[str, str]) -> list[str]:
    """The items of a thread; a consent request with its state (``consent``: by request id), its
    answers not as items of their own (as on the pages)."""
    lines: list[str] = []
    for entry in entries:
        if entry.state == "open" and entry.consent is not None and entry.consent.answer is not None:
            continue
        lines += entry_lines(entry)
        request = entry.consent.request if entry.state == "open" and entry.consent else None
        if request is not None:
            who = "you may be named" if request.named else "anonymously"
            lines.append(f"    -- consent asked: with {request.with_}, {who}, until {when(request.until)}")
            lines.append(f"    -- {consent.get(entry.id, '')}")
    return lines


def entry_lines(entry: Entry) -> list[str]:
    """An item as a heading (when, who, what, its view code) and its text, indented."""
    parts = [when(entry.received_at), entry.sender or "Unknown"]
    kind = KINDS.get(entry.kind, entry.kind)
    if kind:
        parts.append(f"[{kind}]")
    if entry.view_once:
        parts.append("[view once]")
    if entry.flag:
        parts.append(f"[{entry.flag}]")
    if entry.view_code:
        parts.append(f"view {entry.view_code}")
    lines = [f"--- {'  '.join(parts)}  (id {entry.id})"]
    if entry.state == "open":
        lines += [f"    {line}" for line in entry.text.splitlines() or [""]]
    else:
        lines.append(f"    {STATES.get(entry.state, entry.state)}")
    return lines
