"""Every table, in one import: the metadata needs them all, the domains each own theirs."""

from portal.alerts.models import AlertSubscription
from portal.auth.models import AuthChallenge, PowChallenge, RateBucket, Token
from portal.bookmarks.models import Bookmark
from portal.case_tags.models import CaseTagRecord
from portal.cases.models import Case, CaseTombstone, DestructionRecord
from portal.exceptions.models import ExceptionRecord
from portal.guidance.models import Article, GuidanceTemplate
from portal.log.models import AdditionProposal, LogEntryRow, LogSignatureRow
from portal.members.models import Invitation, Member
from portal.messages.models import Message, View
from portal.office.models import Grant, Office, OfficeKey
from portal.passkeys.models import Passkey
from portal.pins.models import Pin
from portal.realtime.models import LiveSocket

__all__ = [
    "AdditionProposal",
    "AlertSubscription",
    "Article",
    "AuthChallenge",
    "Bookmark",
    "Case",
    "CaseTagRecord",
    "CaseTombstone",
    "DestructionRecord",
    "ExceptionRecord",
    "Grant",
    "GuidanceTemplate",
    "Invitation",
    "LiveSocket",
    "LogEntryRow",
    "LogSignatureRow",
    "Member",
    "Message",
    "Office",
    "OfficeKey",
    "Passkey",
    "Pin",
    "PowChallenge",
    "RateBucket",
    "Token",
    "View",
]
