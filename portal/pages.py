"""Server-rendered page shells; all their behaviour is in ES modules under static/js/pages."""

from flask import Blueprint, render_template

from portal.office.service import office_name
from portal.web import transaction

bp = Blueprint("pages", __name__)


@bp.get("/")
def visitor() -> str:
    # The fingerprint is not rendered here: the page computes it from the verified office log.
    with transaction() as s:
        return render_template("visitor.html", office_name=office_name(s))


@bp.get("/office/")
def member() -> str:
    with transaction() as s:
        return render_template("member.html", office_name=office_name(s))


@bp.get("/office/enrol")
def enrol() -> str:
    with transaction() as s:
        return render_template("enrol.html", office_name=office_name(s))
