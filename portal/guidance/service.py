"""Guidance: public articles (markdown, published for a time) and the office's sealed templates."""

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crypto.encoding import b64u_encode
from crypto.envelope import Envelope
from portal.deps import Deps
from portal.errors import BadInput, Conflict, Gone, NotFound
from portal.guidance.models import Article, GuidanceTemplate
from portal.guidance.sanitize import render_markdown
from portal.ids import new_id

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TITLE_MAX = 200
BODY_MAX = 100_000


def _live(now: int) -> Any:
    return (
        Article.published.is_(True)
        & (Article.publish_at <= now)
        & (Article.expires_at.is_(None) | (Article.expires_at > now))
    )


def article_summary(a: Article) -> dict[str, Any]:
    return {
        "article_id": a.article_id,
        "slug": a.slug,
        "title": a.title,
        "published": a.published,
        "publish_at": a.publish_at,
        "expires_at": a.expires_at,
        "updated_at": a.updated_at,
    }


def public_articles(session: Session, deps: Deps) -> list[dict[str, Any]]:
    rows = session.scalars(select(Article).where(_live(deps.now())).order_by(Article.publish_at.desc()))
    return [article_summary(a) for a in rows]


def public_article(session: Session, deps: Deps, slug: str) -> dict[str, Any]:
    """A published article with its sanitised HTML; 410 once expired, 404 for drafts and unknowns."""
    a = session.scalar(select(Article).where(Article.slug == slug))
    now = deps.now()
    if a is None or not a.published or a.publish_at > now:
        raise NotFound("No such guidance page.", "article_not_found")
    if a.expires_at is not None and a.expires_at <= now:
        raise Gone("This guidance has expired and is no longer available.", "expired")
    return {**article_summary(a), "html": render_markdown(a.body_markdown)}


def all_articles(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(Article).order_by(Article.updated_at.desc()))
    return [{**article_summary(a), "body_markdown": a.body_markdown} for a in rows]


def _article_fields(body: dict[str, Any], now: int) -> dict[str, Any]:
    slug, title, text = body.get("slug"), body.get("title"), body.get("body_markdown")
    if not isinstance(slug, str) or not SLUG.fullmatch(slug) or len(slug) > 80:
        raise BadInput("The slug is lowercase words joined by dashes, e.g. how-we-work.", "invalid_field")
    if not isinstance(title, str) or not 1 <= len(title.strip()) <= TITLE_MAX:
        raise BadInput(f"The title is 1 to {TITLE_MAX} characters.", "invalid_field")
    if not isinstance(text, str) or len(text) > BODY_MAX:
        raise BadInput(f"The body is markdown of at most {BODY_MAX} characters.", "invalid_field")
    published = body.get("published", False)
    publish_at = body.get("publish_at", now)
    expires_at = body.get("expires_at")
    if not isinstance(published, bool):
        raise BadInput("published is true or false.", "invalid_field")
    if not isinstance(publish_at, int) or isinstance(publish_at, bool):
        raise BadInput("publish_at is a Unix time in seconds.", "invalid_field")
    if expires_at is not None and (
        not isinstance(expires_at, int) or isinstance(expires_at, bool) or expires_at <= publish_at
    ):
        raise BadInput("expires_at is a Unix time after publish_at, or null.", "invalid_field")
    return {
        "slug": slug,
        "title": title.strip(),
        "body_markdown": text,
        "published": published,
        "publish_at": publish_at,
        "expires_at": expires_at,
    }


def save_article(session: Session, deps: Deps, member_id: str, body: dict[str, Any], article_id: str | None) -> Article:
    now = deps.now()
    fields = _article_fields(body, now)
    clash = session.scalar(select(Article).where(Article.slug == fields["slug"]))
    if clash is not None and clash.article_id != article_id:
        raise Conflict("Another page has this slug.", "slug_taken")
    if article_id is None:
        article = Article(article_id=new_id("a_", 9), created_by=member_id, created_at=now, updated_at=now, **fields)
        session.add(article)
        return article
    existing = session.get(Article, article_id)
    if existing is None:
        raise NotFound("No such guidance page.", "article_not_found")
    article = existing
    for name, value in fields.items():
        setattr(article, name, value)
    article.updated_at = now
    return article


def delete_article(session: Session, article_id: str) -> None:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound("No such guidance page.", "article_not_found")
    session.delete(article)


def template_json(t: GuidanceTemplate) -> dict[str, Any]:
    return {
        "id": t.id,
        "envelope": {
            "header": b64u_encode(t.header),
            "ciphertext": b64u_encode(t.ciphertext),
            "sig": b64u_encode(t.sig),
        },
        "created_by": t.created_by,
        "created_at": t.created_at,
    }


def list_templates(session: Session) -> list[dict[str, Any]]:
    return [template_json(t) for t in session.scalars(select(GuidanceTemplate).order_by(GuidanceTemplate.created_at))]


def save_template(session: Session, deps: Deps, member_id: str, env: Envelope) -> GuidanceTemplate:
    if session.get(GuidanceTemplate, env.id) is not None:
        raise Conflict("A template with this id exists already.", "id_in_use")
    template = GuidanceTemplate(
        id=env.id,
        header=env.header_bytes,
        ciphertext=env.ciphertext,
        sig=env.sig,
        created_by=member_id,
        created_at=deps.now(),
    )
    session.add(template)
    return template


def delete_template(session: Session, template_id: str) -> None:
    template = session.get(GuidanceTemplate, template_id)
    if template is None:
        raise NotFound("No such template.", "template_not_found")
    session.delete(template)


def check_template_envelope(session: Session, deps: Deps, member_id: str, raw: Any) -> Envelope:
    """A template is sealed to the office key alone, names the office as its case, is signed by the member."""
    from crypto.envelope import is_padded_length, parse_envelope, verify_envelope
    from crypto.errors import ProtocolError
    from crypto.keys import kid
    from portal.members.models import Member
    from portal.office.service import current_key, get_office

    try:
        env = parse_envelope(raw)
        verify_envelope(env)
    except ProtocolError as exc:
        raise BadInput(f"The template envelope is not valid: {exc}.", "invalid_envelope") from None
    member = session.get(Member, member_id)
    key = current_key(session)
    if member is None or env.sender != member.sign_pk:
        raise BadInput("The template is not signed by you.", "wrong_sender")
    if env.header["kind"] != "template" or env.header["case"] != get_office(session).office_id:
        raise BadInput("A template has kind 'template' and the office id as its case.", "invalid_envelope")
    if key is None or env.recipient_kids != [kid(key.box_pk)]:
        raise BadInput("A template is sealed to the current office key alone.", "bad_recipients")
    if not is_padded_length(env.padded_size) or env.padded_size > deps.settings.messages_max_padded_bytes:
        raise BadInput("The template is not padded as the protocol requires, or too large.", "bad_padding")
    return env
