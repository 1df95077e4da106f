"""Public guidance pages: published for a time, sanitised, 410 once expired; sealed templates."""

import time
from html.parser import HTMLParser

import pytest

from crypto.envelope import seal_envelope
from tests.factories import Member, Office, bearer

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href='javascript:alert(1)'>x</a>",
    "![x](https://evil.example/track.png)",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<div style="background:url(https://evil.example)">x</div>',
    "[x](vbscript:msgbox(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<object data=https://evil.example></object>",
    "<form action=https://evil.example><input></form>",
    '[x](https://ok.example "t" onclick=alert(1))',
    "`<script>` in code is fine",
]
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
}


class Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML (text is only text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_inert(html: str) -> None:
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert (tag, name) in {("a", "href"), ("a", "title")}, (tag, name, html)
            if name == "href":
                assert (value or "").lower().startswith(("https:", "http:", "mailto:")), (value, html)


def _article_body(office: Office) -> dict[str, object]:
    now = office.clock.now()
    return {
        "slug": "how-we-work",
        "title": "How the office works",
        "body_markdown": "**Confidential**, informal, independent.",
        "published": True,
        "publish_at": now - 10,
        "expires_at": now + 3600,
    }


def _article(office: Office, member: Member, **fields: object) -> dict[str, object]:
    body = {**_article_body(office), **fields}
    answer = office.client.post("/api/v1/office/articles", json=body, headers=bearer(member.token))
    assert answer.status_code == 201, answer.json
    result: dict[str, object] = answer.json or {}
    return result


def test_no_xss_payload_survives_sanitising(office: Office, member: Member) -> None:
    article = _article(office, member)
    url = f"/api/v1/office/articles/{article['article_id']}"
    for payload in XSS:
        body = {**_article_body(office), "body_markdown": f"Before\n\n{payload}\n\nAfter"}
        assert office.client.put(url, json=body, headers=bearer(member.token)).status_code == 200
        html = office.client.get("/api/v1/articles/how-we-work").json
        assert html is not None
        assert_inert(html["html"])
        assert "Before" in html["html"]
        assert "After" in html["html"]
        page = office.client.get("/guidance/how-we-work").get_data(as_text=True)
        assert_inert(page.split('data-testid="guidance-body">', 1)[1].split("</div>", 1)[0])


def test_article_is_listed_until_it_expires_then_410(office: Office, member: Member) -> None:
    article = _article(office, member)
    listed = office.client.get("/api/v1/articles").json
    assert listed is not None
    assert [a["slug"] for a in listed["items"]] == ["how-we-work"]
    assert office.client.get("/guidance/").status_code == 200
    assert "How the office works" in office.client.get("/guidance/").get_data(as_text=True)

    office.clock.advance(int(str(article["expires_at"])) - office.clock.now() - 1)
    assert office.client.get("/api/v1/articles/how-we-work").status_code == 200
    office.clock.advance(1)
    assert office.client.get("/api/v1/articles/how-we-work").status_code == 410
    assert office.client.get("/guidance/how-we-work").status_code == 410
    listed = office.client.get("/api/v1/articles").json
    assert listed is not None
    assert listed["items"] == []


def test_drafts_and_future_pages_are_for_members_only(office: Office, member: Member) -> None:
    _article(office, member, slug="draft-page", published=False)
    _article(office, member, slug="next-week", publish_at=office.clock.now() + 7 * 86400, expires_at=None)
    assert office.client.get("/api/v1/articles/draft-page").status_code == 404
    assert office.client.get("/api/v1/articles/next-week").status_code == 404
    assert office.client.get("/guidance/draft-page").status_code == 404
    listed = office.client.get("/api/v1/articles").json
    assert listed is not None
    assert listed["items"] == []
    mine = office.client.get("/api/v1/office/articles", headers=bearer(member.token)).json
    assert mine is not None
    assert {a["slug"] for a in mine["items"]} == {"draft-page", "next-week"}
    assert office.client.get("/api/v1/office/articles").status_code == 401


@pytest.mark.parametrize(
    "fields",
    [
        {"slug": "Bad Slug"},
        {"title": ""},
        {"published": "yes"},
        {"expires_at": 5},
        {"publish_at": "now"},
        {"body_markdown": 3},
    ],
)
def test_bad_articles_are_refused(office: Office, member: Member, fields: dict[str, object]) -> None:
    body = {
        "slug": "ok",
        "title": "T",
        "body_markdown": "x",
        "published": True,
        "publish_at": int(time.time()),
        **fields,
    }
    answer = office.client.post("/api/v1/office/articles", json=body, headers=bearer(member.token))
    assert answer.status_code == 400
    listed = office.client.get("/api/v1/office/articles", headers=bearer(member.token)).json
    assert listed is not None
    assert listed["items"] == []


def test_templates_are_sealed_to_the_office_alone(office: Office, member: Member) -> None:
    def template(recipients: list[bytes], kind: str = "template") -> dict[str, str]:
        return seal_envelope(
            {"format": "markdown", "body": "Options: talk, mediate, do nothing yet."},
            case=office.office_id,
            kind=kind,
            sender_seed=member.sign_seed,
            recipient_box_pks=recipients,
            sent_at=office.clock.now(),
        ).to_json()

    url = "/api/v1/office/templates"
    good = template([office.office_pk])
    assert office.client.post(url, json=good, headers=bearer(member.token)).status_code == 201
    assert (
        office.client.post(
            url, json=template([office.office_pk, member.box_pk]), headers=bearer(member.token)
        ).status_code
        == 400
    )
    assert (
        office.client.post(
            url, json=template([office.office_pk], kind="message"), headers=bearer(member.token)
        ).status_code
        == 400
    )
    listed = office.client.get(url, headers=bearer(member.token)).json
    assert listed is not None
    assert [t["envelope"] for t in listed["items"]] == [good]
