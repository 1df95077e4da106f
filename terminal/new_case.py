"""Starting a case from the terminal, as the visitor's start page does (static/js/pages/visitor/
start.js, models/codename.js): the office log verified and its fingerprint compared first, a
codename of 8 words drawn here from the checked word list and shown once, two of its words typed
back, the keys derived, the proof of work solved, the case opened, signed in and pinned."""

import os
import re
import secrets
import stat
import sys
from collections.abc import Callable

from crypto.encoding import b64u_decode, b64u_encode
from crypto.keys import CODENAME_WORDS, normalize_codename
from crypto.pow import solve_pow
from terminal import prompts
from terminal.errors import ClientError, IntegrityError
from terminal.fingerprint import confirm_first_log
from terminal.http import Api
from terminal.office import Office
from terminal.visitor import Visitor, derive_keys, signed_in

WORDLIST_PATH = "/static/vendor/wordlist.json"
MIN_WORDS = 7776  # the spec's floor: 8 words of at least 7,776 give at least 103 bits
WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")  # as the page checks them
CHECK_WORDS = 2  # how many words the visitor types back to show they wrote it down
SHOWN = "Your codename (write it down now: it is shown once, it is your only way back in, and nobody can recover it):"


def wordlist(api: Api) -> list[str]:
    """The word list from the portal, checked as the page checks it: at least 7,776 distinct
    lowercase words, so that a codename drawn from it has at least 103 bits whatever the server sent."""
    words = api.fetch("GET", WORDLIST_PATH)
    ok = isinstance(words, list) and len(words) >= MIN_WORDS and len(set(words)) == len(words)
    if not ok or not all(isinstance(w, str) and WORD.fullmatch(w) for w in words):
        raise IntegrityError("REFUSED: the portal's word list is not as expected; no codename was drawn")
    return [str(w) for w in words]


def shown_on_screen() -> None:
    """The codename is never written to a file: standard output must be a terminal or a pipe."""
    try:
        to_file = stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError):
        to_file = False  # (no file descriptor: not a file on disk either)
    if to_file:
        raise ClientError("your codename is never written to a file: run start with its output on your screen")


def start(api: Api, *, fingerprint: str | None, say: Callable[[str], None]) -> Visitor:
    shown_on_screen()
    office = Office(api).load()
    confirm_first_log(office.log, fingerprint, say)  # before anything is sent to this office
    words = wordlist(api)
    codename = [secrets.choice(words) for _ in range(CODENAME_WORDS)]
    say(f"{SHOWN}\n\n    {' '.join(codename)}\n")
    positions = sorted(secrets.SystemRandom().sample(range(CODENAME_WORDS), CHECK_WORDS))
    say(f"To show you have it, type word {positions[0] + 1} and word {positions[1] + 1}, each on its own line.")
    for position in positions:
        typed = prompts.ask_secret(f"Word {position + 1}: ")
        if normalize_codename(typed) != codename[position]:
            raise ClientError(f"that is not word {position + 1} of your codename: no case was opened; start again")
    say("Deriving your keys and solving a short puzzle (a brake on automated cases)…")
    keys = derive_keys(office, " ".join(codename))
    pow_ = api.post("/pow")
    nonce = solve_pow(b64u_decode(pow_["challenge"]), int(pow_["difficulty"]))
    pow_answer = {"challenge": pow_["challenge"], "nonce": nonce}
    api.post("/cases", {"sign_pk": b64u_encode(keys.sign_pk), "box_pk": b64u_encode(keys.box_pk), "pow": pow_answer})
    visitor = signed_in(office, keys)
    try:
        visitor.pins.store(office.log)  # a new case: the log whose fingerprint was just compared
        return visitor
    except BaseException:
        api.sign_out()
        raise
