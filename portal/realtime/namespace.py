"""The ``/v1`` Socket.IO namespace: a socket must bring a valid token, and joins only its rooms."""

from typing import Any

from flask import request
from flask_socketio import Namespace, join_room

from portal.auth.tokens import authenticate
from portal.errors import DomainError
from portal.realtime.events import NAMESPACE, OFFICE_ROOM, case_room
from portal.realtime.sockets import forget_socket, record_socket
from portal.web.context import deps, transaction


class EventsNamespace(Namespace):  # type: ignore[misc]  # flask_socketio ships no types
    def __init__(self) -> None:
        super().__init__(NAMESPACE)

    def on_connect(self, auth: Any = None) -> bool:
        token = auth.get("token") if isinstance(auth, dict) else None
        if not isinstance(token, str) or not token:
            return False
        sid: str = request.sid  # type: ignore[attr-defined]
        try:
            with transaction() as s:
                principal = authenticate(s, deps(), token)
                record_socket(s, sid, principal.token_hash, deps().now())
        except DomainError:
            return False
        join_room(case_room(str(principal.case_id)) if principal.role == "visitor" else OFFICE_ROOM)
        return True

    def on_disconnect(self, reason: Any = None) -> None:
        sid: str = request.sid  # type: ignore[attr-defined]
        with transaction() as s:
            forget_socket(s, sid)
