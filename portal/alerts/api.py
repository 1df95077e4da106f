"""A member's content-free email alerts: read, turn on (with an address), turn off."""

from dataclasses import dataclass

from flask import Blueprint, Response, jsonify

from portal.alerts import service as alerts
from portal.alerts.service import MAX_ADDRESS, AlertSetting
from portal.web.body import Body, parsed, text_field
from portal.web.caller import caller, signed_in
from portal.web.context import deps, transaction

bp = Blueprint("alerts", __name__, url_prefix="/api/v1")


@dataclass(frozen=True)
class AlertRequest:
    address: str

    @classmethod
    def parse(cls, body: Body) -> "AlertRequest":
        return cls(text_field(body, "email", MAX_ADDRESS + 20))  # (spaces around it are trimmed later)


def setting_json(setting: AlertSetting) -> dict[str, object]:
    return {"available": setting.available, "email": setting.address, "interval_minutes": setting.interval_minutes}


@bp.get("/alerts")
@signed_in("member")
def get_alerts() -> Response:
    with transaction() as s:
        return jsonify(setting_json(alerts.setting_of(s, deps(), str(caller().member_id))))


@bp.put("/alerts")
@signed_in("member")
@parsed(AlertRequest.parse)
def put_alerts(req: AlertRequest) -> Response:
    with transaction() as s:
        return jsonify(setting_json(alerts.subscribe(s, deps(), str(caller().member_id), req.address)))


@bp.delete("/alerts")
@signed_in("member")
def delete_alerts() -> Response:
    with transaction() as s:
        return jsonify(setting_json(alerts.unsubscribe(s, deps(), str(caller().member_id))))
