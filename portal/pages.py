"""Server-rendered page shells; all their behaviour is in ES modules under static/js/pages."""

from flask import Blueprint, render_template

from crypto.keys import fingerprint
from portal.office.service import current_key, office_name
from portal.web import transaction

bp = Blueprint("pages", __name__)


@bp.get("/")
def visitor() -> str:
    with transaction() as s:
        key = current_key(s)
        return render_template(
            "visitor.html", office_name=office_name(s), fingerprint=fingerprint(key.box_pk) if key else None
        )


@bp.get("/office/")
def member() -> str:
    with transaction() as s:
        return render_template("member.html", office_name=office_name(s))


@bp.get("/office/enrol")
def enrol() -> str:
    with transaction() as s:
        return render_template("enrol.html", office_name=office_name(s))
