"""The office fingerprint (docs/protocol/v2.md section 3.5): printed as the pages show it, compared
with the one the office publishes, and confirmed the first time a person sees a log."""

from collections.abc import Callable

from crypto.encoding import b64u_encode
from crypto.log import fingerprint_from_link
from crypto.log_state import LogState
from terminal import prompts
from terminal.errors import ClientError, IntegrityError, UsageError
from terminal.office import Office

DIFFERENT = (
    "REFUSED: the office fingerprint this portal's log gives, {got}, is not the one you gave, {want}. "
    "Do not continue: contact the office another way."
)
FIRST_TIME = (
    "This is the first time you see this office's key log: compare its fingerprint, {fp} (short code {short}), "
    "with the one the office publishes, then give it with --fingerprint. Nothing was sent or shown."
)
STOPPED = "You stopped before anything was sent or shown. Tell the office another way that the fingerprint differs."


def published(typed: str) -> str:
    """A fingerprint as typed or pasted (any case, spaces or dashes, or a link ending in #fp=…)."""
    fragment = typed.split("#", 1)[1] if "#" in typed else f"fp={typed}"
    shown = fingerprint_from_link(fragment)
    if shown is None:
        raise UsageError(f"--fingerprint must be the office's 32 hex digits, or its link (not {typed!r})")
    return shown


def check_fingerprint(log: LogState, typed: str) -> None:
    want = published(typed)
    if want != log.fingerprint:
        raise IntegrityError(DIFFERENT.format(got=log.fingerprint, want=want))


def confirm_first_log(log: LogState, typed: str | None, say: Callable[[str], None]) -> None:
    """A log with no pin yet (a first sign-in, or a case older than pins): believed only once its
    fingerprint is compared with the published one, by --fingerprint or by the person at the prompt."""
    if typed is not None:
        check_fingerprint(log, typed)
        return
    if not prompts.interactive():
        raise ClientError(FIRST_TIME.format(fp=log.fingerprint, short=log.short_code))
    say(f"Office fingerprint: {log.fingerprint}\nShort code:         {log.short_code}")
    if not prompts.confirm("Is this the fingerprint your office publishes?"):
        raise IntegrityError(STOPPED)


def log_lines(office: Office, typed: str | None, *, pinned: bool) -> list[str]:
    """The verified log as a person checks it; with ``typed``, compared with the published fingerprint."""
    log = office.log
    if typed is not None:
        check_fingerprint(log, typed)
    members = ", ".join(f"{m.display_name} ({m.member_id})" for m in log.current_members())
    lines = [
        f"Office:             {log.name} ({log.office_id})",
        f"Office fingerprint: {log.fingerprint}",
        f"Short code:         {log.short_code}",
        f"Log:                {log.length} entries, head {b64u_encode(log.head)}",
        f"Office key:         version {log.current_key.version}",
        f"Members:            {members}",
        "The log verifies from its first entry"
        + (", and extends the one you saw last." if pinned else ".")
        + (" The fingerprint matches the one you gave." if typed is not None else ""),
    ]
    return lines
