"""A case's pin goes with its case (the foreign key cascades too; nothing is left to chance)."""

from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal.pins.models import Pin


def destroy_pins_of_case(session: Session, case_id: str) -> None:
    session.execute(delete(Pin).where(Pin.case_id == case_id))
