"""Public guidance pages, readable without signing in: server-rendered, sanitised, no script needed."""

from flask import Blueprint, render_template
from markupsafe import Markup

from portal.errors import Gone, NotFound
from portal.guidance import service as guidance
from portal.office.service import find_office
from portal.web import deps, transaction

bp = Blueprint("guidance_pages", __name__, url_prefix="/guidance")


def _office_name() -> str:
    with transaction() as s:
        office = find_office(s)
        return office.name if office else "Ombuds office"


@bp.get("/")
def index() -> str:
    with transaction() as s:
        articles = guidance.public_articles(s, deps())
    return render_template("guidance_list.html", office_name=_office_name(), articles=articles)


@bp.get("/<slug>")
def article(slug: str) -> tuple[str, int]:
    try:
        with transaction() as s:
            page = guidance.public_article(s, deps(), slug)
    except Gone:
        return render_template("guidance_gone.html", office_name=_office_name()), 410
    except NotFound:
        return render_template("guidance_gone.html", office_name=_office_name(), missing=True), 404
    # render_markdown's output is bleach-cleaned against an allowlist: safe to place as HTML.
    html = Markup(page["html"])  # noqa: S704
    return render_template("guidance_article.html", office_name=_office_name(), article=page, html=html), 200
