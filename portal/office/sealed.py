"""What the office seals to itself: an envelope sealed to the current office key alone, naming the
office as its case and signed by the member posting it (templates, the exceptions register).
The envelope checks of a case's items, with those expectations."""

from sqlalchemy.orm import Session

from crypto.envelope import Envelope
from crypto.keys import kid
from portal.deps import Deps
from portal.members.service import find_member
from portal.messages.checks import Expected, check_envelope
from portal.messages.errors import WrongSender
from portal.office.service import get_office, require_current_key


def check_office_sealed(session: Session, deps: Deps, member_id: str, raw: object, kind: str, what: str) -> Envelope:
    """The checked envelope of kind ``kind``; ``what`` names it in errors ("template")."""
    member = find_member(session, member_id)
    if member is None:
        raise WrongSender(f"The {what} is not signed by you.")
    office_kid = frozenset({kid(require_current_key(session).box_pk)})
    expected = Expected(
        get_office(session).office_id,
        member.sign_pk,
        frozenset({kind}),
        {kind: office_kid},
        f"A {what} is sealed to the current office key alone.",
    )
    return check_envelope(deps, raw, expected)
