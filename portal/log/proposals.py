"""Additions waiting for a second signature (docs/protocol/v2.md section 8): when the office's
log asks two members to sign each addition, the first signs a ``member_added`` entry and leaves it
here; a colleague checks the newcomer too, adds their signature, and grants the key with the entry
(portal/office/service.py, add_grant), which then goes into the log."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from crypto.encoding import b64u_encode
from crypto.errors import LogError, SignatureError
from crypto.log import LogEntry, Signature, parse_entry, verify_signature
from portal.deps import Deps
from portal.log import service as log
from portal.log.errors import EntryRefused, LogConflict, NotAKeyHolder
from portal.log.models import AdditionProposal
from portal.members.models import Member
from portal.office.errors import NoSuchMember
from portal.office.service import holds_grant, lock_office, require_current_key

ONE_IS_ENOUGH = "Here one member's signature admits a colleague: grant access directly."


def propose_addition(session: Session, deps: Deps, proposer_id: str, member_id: str, raw: object) -> None:
    """Keeps the first signature of a newcomer's addition, for a colleague to complete."""
    lock_office(session)
    state = log.load_state(session)
    if state is None or state.settings is None or not state.settings.two_signatures_to_add:
        raise EntryRefused(ONE_IS_ENOUGH)
    if len(state.current_members()) < 2:
        raise EntryRefused(ONE_IS_ENOUGH)
    if not holds_grant(session, proposer_id, require_current_key(session).version):
        raise NotAKeyHolder("Only a member holding the current office key can propose an addition.")
    member = session.get(Member, member_id)
    if member is None or not member.active or state.member(member_id) is not None:
        raise NoSuchMember()
    try:
        entry = parse_entry(raw)
    except LogError as exc:
        raise EntryRefused(f"The log entry is malformed: {exc}.") from None
    if entry.seq != state.length or entry.body["prev"] != b64u_encode(state.head):
        raise LogConflict()
    if entry.type != "member_added" or [s.by for s in entry.sigs] != [proposer_id]:
        raise EntryRefused("Propose a member_added entry signed by you alone.")
    log.check_member_added(entry, member)
    signer = state.member(proposer_id)
    if signer is None or not signer.current:
        raise EntryRefused("Only a member of the office log can propose an addition.")
    try:
        verify_signature(entry.body_bytes, entry.sigs[0], signer.record.sign_pk)
    except SignatureError:
        raise EntryRefused("Your signature on the entry does not verify.") from None
    log.drop_proposal(session, member_id)
    session.add(
        AdditionProposal(
            member_id=member_id,
            body=entry.body_bytes,
            signed_by=proposer_id,
            sig=entry.sigs[0].sig,
            created_at=deps.now(),
        )
    )


def proposals(session: Session) -> dict[str, LogEntry]:
    """The waiting additions, by the newcomer's member id, as entries with their one signature."""
    rows = session.scalars(select(AdditionProposal))
    return {r.member_id: LogEntry(r.body, {}, (Signature(r.signed_by, r.sig),)) for r in rows}
