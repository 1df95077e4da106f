"""Guidance endpoints: public articles for anyone, article editing and sealed templates for members."""

import re
from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.envelope import envelope_json
from portal.guidance import service as guidance
from portal.guidance.models import Article, GuidanceTemplate
from portal.web.body import Body, InvalidField, json_body, parsed
from portal.web.caller import caller, signed_in
from portal.web.context import deps, transaction

bp = Blueprint("guidance_api", __name__, url_prefix="/api/v1")

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80
TITLE_MAX = 200
BODY_MAX = 100_000
# Up to the last second of 9999: the pages print these dates, and a later one (or one past the
# database's 64 bits) would make every guidance page answer 500.
TIME_MAX = 253_402_300_799


def _is_time(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= TIME_MAX


def parse_draft(body: Body) -> guidance.ArticleDraft:
    """An article's fields; publish_at defaults to now (the server's clock)."""
    slug, title, text = body.get("slug"), body.get("title"), body.get("body_markdown")
    if not isinstance(slug, str) or not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX:
        raise InvalidField("The slug is lowercase words joined by dashes, e.g. how-we-work.")
    if not isinstance(title, str) or not 1 <= len(title.strip()) <= TITLE_MAX:
        raise InvalidField(f"The title is 1 to {TITLE_MAX} characters.")
    if not isinstance(text, str) or len(text) > BODY_MAX:
        raise InvalidField(f"The body is markdown of at most {BODY_MAX} characters.")
    published = body.get("published", False)
    publish_at = body.get("publish_at", deps().now())
    expires_at = body.get("expires_at")
    if not isinstance(published, bool):
        raise InvalidField("published is true or false.")
    if not _is_time(publish_at):
        raise InvalidField("publish_at is a Unix time in seconds, before the year 10000.")
    if expires_at is not None and (not _is_time(expires_at) or expires_at <= publish_at):
        raise InvalidField("expires_at is a Unix time after publish_at and before the year 10000, or null.")
    return guidance.ArticleDraft(slug, title.strip(), text, published, publish_at, expires_at)


def summary_json(a: Article) -> dict[str, Any]:
    return {
        "article_id": a.article_id,
        "slug": a.slug,
        "title": a.title,
        "published": a.published,
        "publish_at": a.publish_at,
        "expires_at": a.expires_at,
        "updated_at": a.updated_at,
    }


def template_json(t: GuidanceTemplate) -> dict[str, Any]:
    envelope = envelope_json(t.header, t.ciphertext, t.sig)
    return {"id": t.id, "envelope": envelope, "created_by": t.created_by, "created_at": t.created_at}


@bp.get("/articles")
def public_list() -> Response:
    with transaction() as s:
        return jsonify({"items": [summary_json(a) for a in guidance.public_articles(s, deps())]})


@bp.get("/articles/<slug>")
def public_get(slug: str) -> Response:
    with transaction() as s:
        page = guidance.public_article(s, deps(), slug)
        return jsonify({**summary_json(page.article), "html": page.html})


@bp.get("/office/articles")
@signed_in("member")
def member_list() -> Response:
    with transaction() as s:
        items = [{**summary_json(a), "body_markdown": a.body_markdown} for a in guidance.all_articles(s)]
    return jsonify({"items": items})


@bp.post("/office/articles")
@signed_in("member")
@parsed(parse_draft)
def create(draft: guidance.ArticleDraft) -> tuple[Response, int]:
    with transaction() as s:
        article = guidance.save_article(s, deps(), str(caller().member_id), draft, None)
        return jsonify(summary_json(article)), 201


@bp.put("/office/articles/<article_id>")
@signed_in("member")
@parsed(parse_draft)
def update(draft: guidance.ArticleDraft, article_id: str) -> Response:
    with transaction() as s:
        return jsonify(summary_json(guidance.save_article(s, deps(), str(caller().member_id), draft, article_id)))


@bp.delete("/office/articles/<article_id>")
@signed_in("member")
def delete(article_id: str) -> Response:
    with transaction() as s:
        guidance.delete_article(s, article_id)
    return jsonify({"article_id": article_id, "deleted": True})


@bp.get("/office/templates")
@signed_in("member")
def templates() -> Response:
    with transaction() as s:
        return jsonify({"items": [template_json(t) for t in guidance.list_templates(s)]})


@bp.post("/office/templates")
@signed_in("member")
def create_template() -> tuple[Response, int]:
    with transaction() as s:
        template = guidance.save_template(s, deps(), str(caller().member_id), json_body())
        return jsonify(template_json(template)), 201


@bp.delete("/office/templates/<template_id>")
@signed_in("member")
def delete_template(template_id: str) -> Response:
    with transaction() as s:
        guidance.delete_template(s, template_id)
    return jsonify({"id": template_id, "deleted": True})
