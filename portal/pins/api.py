"""Pins (docs/protocol/v2.md section 7): a visitor's for its case, a member's own."""

from flask import Blueprint, Response, jsonify

from crypto.envelope import envelope_json
from portal.pins import service as pins
from portal.pins.models import Pin
from portal.web.body import json_body
from portal.web.caller import caller, signed_in
from portal.web.context import deps, transaction

bp = Blueprint("pins", __name__, url_prefix="/api/v1")


def pin_json(pin: Pin | None) -> dict[str, object]:
    """The pin, or ``{"envelope": null}``: none is an ordinary answer (a new case, a first sign-in)."""
    if pin is None:
        return {"envelope": None, "updated_at": None}
    return {"envelope": envelope_json(pin.header, pin.ciphertext, pin.sig), "updated_at": pin.updated_at}


def _envelope() -> object:
    return json_body().get("envelope")


@bp.get("/cases/<case_id>/pin")
@signed_in("visitor")
def get_case_pin(case_id: str) -> Response:
    with transaction() as s:
        return jsonify(pin_json(pins.get_pin(s, caller(), case_id)))


@bp.put("/cases/<case_id>/pin")
@signed_in("visitor")
def put_case_pin(case_id: str) -> Response:
    with transaction() as s:
        pins.store_pin(s, deps(), caller(), case_id, _envelope())
    return jsonify({"stored": True})


@bp.get("/office/pin")
@signed_in("member")
def get_member_pin() -> Response:
    with transaction() as s:
        return jsonify(pin_json(pins.get_pin(s, caller(), None)))


@bp.put("/office/pin")
@signed_in("member")
def put_member_pin() -> Response:
    with transaction() as s:
        pins.store_pin(s, deps(), caller(), None, _envelope())
    return jsonify({"stored": True})
