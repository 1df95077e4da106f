"""Public guidance pages, readable without signing in: server-rendered, sanitised, no script needed."""

from flask import Blueprint, render_template
from markupsafe import Markup

from portal.guidance import service as guidance
from portal.guidance.errors import ArticleExpired, ArticleNotFound
from portal.office.service import office_name
from portal.web.context import deps, transaction

bp = Blueprint("guidance_pages", __name__, url_prefix="/guidance")


@bp.get("/")
def index() -> str:
    with transaction() as s:
        articles = guidance.public_articles(s, deps())
        return render_template("guidance_list.html", office_name=office_name(s), articles=articles)


@bp.get("/<slug>")
def article(slug: str) -> tuple[str, int]:
    with transaction() as s:
        name = office_name(s)
        try:
            page = guidance.public_article(s, deps(), slug)
        except ArticleExpired:
            return render_template("guidance_gone.html", office_name=name), 410
        except ArticleNotFound:
            return render_template("guidance_gone.html", office_name=name, missing=True), 404
        # render_markdown's output is bleach-cleaned against an allowlist: safe to place as HTML.
        html = Markup(page.html)  # noqa: S704
        return render_template("guidance_article.html", office_name=name, article=page.article, html=html), 200
