"""Guidance endpoints: public articles for anyone, article editing and sealed templates for members."""

from flask import Blueprint, Response, jsonify

from portal.guidance import service as guidance
from portal.web import caller, deps, json_body, transaction

bp = Blueprint("guidance_api", __name__, url_prefix="/api/v1")


@bp.get("/articles")
def public_list() -> Response:
    with transaction() as s:
        return jsonify({"items": guidance.public_articles(s, deps())})


@bp.get("/articles/<slug>")
def public_get(slug: str) -> Response:
    with transaction() as s:
        return jsonify(guidance.public_article(s, deps(), slug))


@bp.get("/office/articles")
def member_list() -> Response:
    caller("member")
    with transaction() as s:
        return jsonify({"items": guidance.all_articles(s)})


@bp.post("/office/articles")
def create() -> tuple[Response, int]:
    principal = caller("member")
    body = json_body()
    with transaction() as s:
        article = guidance.save_article(s, deps(), str(principal.member_id), body, None)
        return jsonify(guidance.article_summary(article)), 201


@bp.put("/office/articles/<article_id>")
def update(article_id: str) -> Response:
    principal = caller("member")
    body = json_body()
    with transaction() as s:
        return jsonify(
            guidance.article_summary(guidance.save_article(s, deps(), str(principal.member_id), body, article_id))
        )


@bp.delete("/office/articles/<article_id>")
def delete(article_id: str) -> Response:
    caller("member")
    with transaction() as s:
        guidance.delete_article(s, article_id)
    return jsonify({"article_id": article_id, "deleted": True})


@bp.get("/office/templates")
def templates() -> Response:
    caller("member")
    with transaction() as s:
        return jsonify({"items": guidance.list_templates(s)})


@bp.post("/office/templates")
def create_template() -> tuple[Response, int]:
    principal = caller("member")
    body = json_body()
    with transaction() as s:
        env = guidance.check_template_envelope(s, deps(), str(principal.member_id), body)
        return jsonify(guidance.template_json(guidance.save_template(s, deps(), str(principal.member_id), env))), 201


@bp.delete("/office/templates/<template_id>")
def delete_template(template_id: str) -> Response:
    caller("member")
    with transaction() as s:
        guidance.delete_template(s, template_id)
    return jsonify({"id": template_id, "deleted": True})
