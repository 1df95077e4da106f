"""Every table, in one import: the metadata needs them all, the domains each own theirs."""

from portal.auth.models import AuthChallenge, PowChallenge, RateBucket, Token
from portal.cases.models import Case
from portal.members.models import Invitation, Member
from portal.messages.models import Message, View
from portal.office.models import Grant, Office, OfficeKey
from portal.realtime.models import LiveSocket

__all__ = [
    "AuthChallenge",
    "Case",
    "Grant",
    "Invitation",
    "LiveSocket",
    "Member",
    "Message",
    "Office",
    "OfficeKey",
    "PowChallenge",
    "RateBucket",
    "Token",
    "View",
]
