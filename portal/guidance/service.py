"""Guidance: public articles (markdown, published for a time) and the office's sealed templates."""

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.deps import Deps
from portal.guidance.errors import ArticleExpired, ArticleNotFound, SlugTaken, TemplateIdInUse, TemplateNotFound
from portal.guidance.models import Article, GuidanceTemplate
from portal.guidance.sanitize import render_markdown
from portal.ids import new_id
from portal.office.sealed import check_office_sealed

TEMPLATE_KIND = "template"


@dataclass(frozen=True)
class ArticleDraft:
    """An article as a member writes it (checked for form by the view)."""

    slug: str
    title: str
    body_markdown: str
    published: bool
    publish_at: int
    expires_at: int | None


@dataclass(frozen=True)
class PublicArticle:
    article: Article
    html: str  # sanitised


def _live(now: int) -> Any:
    return (
        Article.published.is_(True)
        & (Article.publish_at <= now)
        & (Article.expires_at.is_(None) | (Article.expires_at > now))
    )


def public_articles(session: Session, deps: Deps) -> list[Article]:
    return list(session.scalars(select(Article).where(_live(deps.now())).order_by(Article.publish_at.desc())))


def public_article(session: Session, deps: Deps, slug: str) -> PublicArticle:
    """A published article with its sanitised HTML; drafts and unknown slugs are not found."""
    a = session.scalar(select(Article).where(Article.slug == slug))
    now = deps.now()
    if a is None or not a.published or a.publish_at > now:
        raise ArticleNotFound()
    if a.expires_at is not None and a.expires_at <= now:
        raise ArticleExpired()
    return PublicArticle(a, render_markdown(a.body_markdown))


def all_articles(session: Session) -> list[Article]:
    return list(session.scalars(select(Article).order_by(Article.updated_at.desc())))


def save_article(session: Session, deps: Deps, member_id: str, draft: ArticleDraft, article_id: str | None) -> Article:
    now = deps.now()
    clash = session.scalar(select(Article).where(Article.slug == draft.slug))
    if clash is not None and clash.article_id != article_id:
        raise SlugTaken()
    values = {f.name: getattr(draft, f.name) for f in fields(draft)}
    if article_id is None:
        article = Article(article_id=new_id("a_", 9), created_by=member_id, created_at=now, updated_at=now, **values)
        session.add(article)
        return article
    existing = session.get(Article, article_id)
    if existing is None:
        raise ArticleNotFound()
    for name, value in values.items():
        setattr(existing, name, value)
    existing.updated_at = now
    return existing


def delete_article(session: Session, article_id: str) -> None:
    article = session.get(Article, article_id)
    if article is None:
        raise ArticleNotFound()
    session.delete(article)


def list_templates(session: Session) -> list[GuidanceTemplate]:
    return list(session.scalars(select(GuidanceTemplate).order_by(GuidanceTemplate.created_at)))


def save_template(session: Session, deps: Deps, member_id: str, raw: object) -> GuidanceTemplate:
    """A template is sealed to the current office key alone, names the office as its case, is
    signed by the member."""
    env = check_office_sealed(session, deps, member_id, raw, TEMPLATE_KIND, "template")
    if session.get(GuidanceTemplate, env.id) is not None:
        raise TemplateIdInUse()
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
        raise TemplateNotFound()
    session.delete(template)
