"""Markdown to safe HTML: markdown-it-py renders (raw HTML escaped), then bleach keeps only an
allowlist. Two layers, so a gap in one is not a hole."""

import bleach
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
)
# No images, no embeds, no target: a public page must not make a reader's browser fetch from
# elsewhere, and links leave no referrer (the site-wide Referrer-Policy).
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"https", "http", "mailto"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True
)


def render_markdown(source: str) -> str:
    return _cleaner.clean(_markdown.render(source))
