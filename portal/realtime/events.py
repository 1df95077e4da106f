"""Announcing events to rooms: a visitor's socket sits in its case's room, members' in the office's."""

from typing import Any

from flask_socketio import SocketIO

NAMESPACE = "/v1"
OFFICE_ROOM = "office"


def case_room(case_id: str) -> str:
    return f"case:{case_id}"


class Announcer:
    """Emits ids-only events; with a message queue configured they reach every process."""

    def __init__(self, socketio: SocketIO) -> None:
        self.socketio = socketio

    def _emit(self, event: str, case_id: str, data: dict[str, Any], *, office_only: bool = False) -> None:
        rooms = [OFFICE_ROOM] if office_only else [case_room(case_id), OFFICE_ROOM]
        self.socketio.emit(event, {"case_id": case_id, **data}, namespace=NAMESPACE, to=rooms)

    def message(self, case_id: str, item_id: str, *, office_only: bool = False) -> None:
        self._emit("message", case_id, {"id": item_id}, office_only=office_only)

    def expired(self, case_id: str, item_id: str, *, office_only: bool = False) -> None:
        self._emit("expired", case_id, {"id": item_id}, office_only=office_only)

    def case_changed(self, case_id: str) -> None:
        """The case's record changed (closed, reopened): its pages fetch it again."""
        self._emit("case", case_id, {})

    def triage_changed(self, case_id: str) -> None:
        """The office's triage of the case changed (urgent, assignee): members' pages fetch it
        again; its visitor is not told (triage is the office's own)."""
        self._emit("case", case_id, {}, office_only=True)

    def flagged(self, case_id: str, item_id: str) -> None:
        """The case's visitor flagged an item for the office's attention: members' pages alert at
        once. The office only: another visitor must not learn that anyone raised an alarm."""
        self._emit("flag", case_id, {"id": item_id}, office_only=True)

    def viewed(self, case_id: str, item_id: str, view_id: str, *, office_only: bool = False) -> None:
        self._emit("viewed", case_id, {"id": item_id, "view_id": view_id}, office_only=office_only)

    def office_changed(self) -> None:
        """The office's log, keys or waiting members changed: every page reloads the office (GET
        /office/log is public, so the event tells no one anything they could not fetch)."""
        self.socketio.emit("office", {}, namespace=NAMESPACE)

    def cut(self, sids: list[str]) -> None:
        """Disconnect these sockets, here or in another process (the queue carries the request)."""
        for sid in sids:
            self.socketio.server.disconnect(sid, namespace=NAMESPACE)
