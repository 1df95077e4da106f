"""Pins (docs/protocol/v2.md section 5): one sealed envelope per case (its visitor's) and per
member, stored as sent. The server checks that it is the owner's, sealed to the owner alone, so
that nobody else can put one there; it cannot read it."""

from sqlalchemy.orm import Session

from crypto.envelope import Envelope
from crypto.keys import kid
from crypto.pin import PIN_KIND, member_pin_case
from portal.auth.tokens import Principal
from portal.cases.service import case_for
from portal.deps import Deps
from portal.members.service import find_member
from portal.messages.checks import Expected, check_envelope
from portal.messages.errors import NotAMember
from portal.pins.models import Pin

ONLY_TO_YOU = "A pin is sealed to your own key alone."


def _owner(session: Session, principal: Principal, case_id: str | None) -> tuple[Expected, str | None, str | None]:
    """What the caller's pin must be, and whose it is (a case, or a member)."""
    if case_id is not None:
        case = case_for(session, principal, case_id)
        own = frozenset({kid(case.visitor_box_pk)})
        return Expected(case.case_id, case.visitor_sign_pk, {PIN_KIND}, {PIN_KIND: own}, ONLY_TO_YOU), case_id, None
    member = find_member(session, str(principal.member_id))
    if member is None:
        raise NotAMember()
    own = frozenset({kid(member.box_pk)})
    owner = member_pin_case(member.member_id)
    return Expected(owner, member.sign_pk, {PIN_KIND}, {PIN_KIND: own}, ONLY_TO_YOU), None, member.member_id


def store_pin(session: Session, deps: Deps, principal: Principal, case_id: str | None, raw: object) -> None:
    expected, pin_case, member_id = _owner(session, principal, case_id)
    env: Envelope = check_envelope(deps, raw, expected)
    pin = session.get(Pin, expected.case) or Pin(owner=expected.case, case_id=pin_case, member_id=member_id)
    pin.header, pin.ciphertext, pin.sig, pin.updated_at = env.header_bytes, env.ciphertext, env.sig, deps.now()
    session.add(pin)


def get_pin(session: Session, principal: Principal, case_id: str | None) -> Pin | None:
    expected, _, _ = _owner(session, principal, case_id)
    return session.get(Pin, expected.case)
