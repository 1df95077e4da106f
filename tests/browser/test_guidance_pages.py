"""Public guidance pages: a member writes them in the office page (drafts, publishing, a
withdrawal date, editing, deleting); anyone reads them without signing in, from a link on the
landing page. The markdown of a page is hostile here (script tags, event handlers, javascript:
and data: links, SVG, iframes, images, styles): the public page must run none of it, make no
request beyond the portal, and hold no element that could, even with the page's CSP turned off,
so that the server's sanitiser alone is what is tested. A withdrawn page answers 410."""

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Request, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import Watch, by, enrol_first_member, sign_in_member, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_SLUG = "hostile-markup"
HOSTILE_TITLE = "Help <script>alert('title')</script> & <b>more</b>"
EVIL = "https://evil.example"
HOSTILE_MARKDOWN = f"""# What the office can do

<script>alert('script tag')</script>

<img src="{EVIL}/x.png" onerror="alert('img onerror')">

<svg onload="alert('svg onload')"><circle r="1"/></svg>

<iframe src="javascript:alert('iframe')"></iframe> <iframe src="{EVIL}/frame"></iframe>

[a javascript: link](javascript:alert('link')) and [another](JaVaScRiPt:alert('mixed case'))

[an encoded one](&#106;avascript:alert('encoded'))

[a data: one](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

<a href="javascript:alert('raw anchor')">a raw anchor</a> <javascript:alert('autolink')>

![an image]({EVIL}/img.png) ![a script image](javascript:alert('img'))

<style>body {{ background: url({EVIL}/bg.png) }}</style>

<object data="{EVIL}/x.swf"></object><embed src="{EVIL}/x.swf"><form action="{EVIL}/"><input name="q"></form>

<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>

<div onmouseover="alert('hover')">hover here</div>

A [safe link](https://example.org/help) and <mailto:ombuds@example.org>.
"""
# Nothing of these may exist in the rendered body: they run script, fetch, embed or restyle.
DANGEROUS = "script, img, iframe, frame, svg, math, object, embed, style, link, meta, base, form, input, video, audio"
SAFE_SCHEMES = ("https:", "http:", "mailto:")
EXPIRED_SLUG = "old-notice"
DRAFT_SLUG = "draft-notes"
PAST_PUBLISH, PAST_EXPIRY = "2020-01-01T09:00", "2020-01-02T09:00"


@dataclass
class Reader:
    """An anonymous reader's browser: what dialogs opened and which URLs it asked for."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def reader(context: BrowserContext) -> Reader:
    r = Reader(context.new_page())

    def on_dialog(dialog: Dialog) -> None:
        r.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request: Request) -> None:
        r.urls.append(request.url)

    r.page.on("dialog", on_dialog)
    context.on("request", on_request)
    return r


@dataclass(frozen=True)
class People:
    office: Page
    office_seen: Watch
    readers: list[Reader]


@pytest.fixture
def people(browser: Browser) -> Iterator[People]:
    """The member's browser, and two anonymous readers: one as the portal serves pages, one with
    the page's CSP bypassed (so an injected script would run and be seen)."""
    office_context = browser.new_context()
    reader_contexts = [browser.new_context(), browser.new_context(bypass_csp=True)]
    try:
        yield People(office_context.new_page(), watch(office_context), [reader(c) for c in reader_contexts])
    finally:
        for context in (office_context, *reader_contexts):
            context.close()


def save_article(
    office: Page, *, title: str, slug: str, body: str, published: bool, publish_at: str = "", expires_at: str = ""
) -> None:
    by(office, "article-new").click()
    by(office, "article-title").fill(title)
    by(office, "article-slug").fill(slug)
    by(office, "article-body").fill(body)
    by(office, "article-published").set_checked(published)
    by(office, "article-publish-at").fill(publish_at)
    by(office, "article-expires-at").fill(expires_at)
    by(office, "article-save").click()
    expect(by(office, "article-form")).to_be_hidden()


def expect_state(office: Page, slug: str, state: str) -> None:
    """The member's list shows the page as a draft, scheduled, public or withdrawn (expired)."""
    item = office.locator(f'[data-testid="article-item"][data-slug="{slug}"]')
    expect(item.get_by_test_id("article-state")).to_have_attribute("data-state", state)


def assert_harmless(r: Reader, portal: Portal) -> None:
    """The article page ran nothing, fetched nothing elsewhere, and holds nothing active."""
    page = r.page
    body = by(page, "guidance-body")
    page.hover('[data-testid="guidance-body"]')
    page.wait_for_timeout(500)  # time for any onload/onerror to fire
    assert r.dialogs == [], r.dialogs
    assert all(u.startswith(portal.base_url + "/") for u in r.urls), r.urls
    assert body.locator(DANGEROUS).count() == 0, body.inner_html()
    assert page.locator("script, iframe, object, embed").count() == 0
    handlers = body.evaluate(
        "el => [el, ...el.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
        ".filter(n => n.startsWith('on') || n === 'style' || n === 'srcdoc' || n === 'formaction')"
    )
    assert handlers == [], handlers
    hrefs: list[str] = body.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs, "the safe links should be there"
    assert all(h.startswith(SAFE_SCHEMES) for h in hrefs), hrefs
    assert "https://example.org/help" in hrefs
    # The hostile markup is shown as the text it is, not dropped silently
    expect(body).to_contain_text("<script>alert('script tag')</script>")
    expect(body).to_contain_text("hover here")


def test_a_members_hostile_markdown_is_published_harmless_and_withdrawn_pages_are_gone(
    portal: Portal, people: People
) -> None:
    office = people.office
    member = enrol_first_member(office, portal)
    sign_in_member(office, portal, member.totp_secret)

    # Given a member who publishes a page of hostile markdown, keeps one as a draft and
    # publishes one whose withdrawal date has passed
    by(office, "nav-guidance").click()
    expect(by(office, "view-guidance")).to_be_visible()
    expect(by(office, "article-empty")).to_be_visible()
    save_article(office, title=HOSTILE_TITLE, slug=HOSTILE_SLUG, body=HOSTILE_MARKDOWN, published=True)
    save_article(office, title="Draft notes", slug=DRAFT_SLUG, body="Not yet.", published=False)
    save_article(
        office,
        title="An old notice",
        slug=EXPIRED_SLUG,
        body="Office closed in January.",
        published=True,
        publish_at=PAST_PUBLISH,
        expires_at=PAST_EXPIRY,
    )
    expect(by(office, "article-item")).to_have_count(3)
    expect_state(office, HOSTILE_SLUG, "public")
    expect_state(office, DRAFT_SLUG, "draft")
    expect_state(office, EXPIRED_SLUG, "expired")

    # When anyone follows the landing page's link to the guidance, without signing in
    for r in people.readers:
        page = r.page
        page.goto(portal.base_url + "/")
        by(page, "guidance-link").click()
        expect(page).to_have_url(portal.base_url + "/guidance/")
        expect(by(page, "guidance-list").locator("a")).to_have_text([HOSTILE_TITLE])  # no draft, nothing withdrawn
        by(page, "guidance-list").get_by_role("link", name=HOSTILE_TITLE).click()

        # Then the hostile page shows its markup as text and runs, fetches and holds nothing
        expect(by(page, "guidance-article").locator("> h1")).to_have_text(HOSTILE_TITLE)
        expect(by(page, "guidance-body").locator("h1")).to_have_text("What the office can do")
        assert_harmless(r, portal)

        # And the withdrawn page answers 410 with the "no longer available" page; the draft, 404
        gone = page.goto(f"{portal.base_url}/guidance/{EXPIRED_SLUG}")
        assert gone is not None
        assert gone.status == 410
        expect(page.locator("h1")).to_have_text("No longer available")
        expect(by(page, "guidance-gone")).to_be_visible()
        assert page.request.get(f"{portal.base_url}/api/v1/articles/{EXPIRED_SLUG}").status == 410
        draft = page.goto(f"{portal.base_url}/guidance/{DRAFT_SLUG}")
        assert draft is not None
        assert draft.status == 404

    # The member edits the withdrawn page to stay up, and deletes the hostile one (confirming)
    item = office.locator(f'[data-testid="article-item"][data-slug="{EXPIRED_SLUG}"]')
    item.get_by_test_id("article-edit").click()
    expect(by(office, "article-expires-at")).to_have_value(PAST_EXPIRY)
    by(office, "article-expires-at").fill("")
    by(office, "article-save").click()
    expect(by(office, "article-form")).to_be_hidden()
    expect_state(office, EXPIRED_SLUG, "public")
    hostile = office.locator(f'[data-testid="article-item"][data-slug="{HOSTILE_SLUG}"]')
    hostile.get_by_test_id("article-delete").click()
    by(office, "article-delete-confirm-yes").click()
    expect(by(office, "article-item")).to_have_count(2)

    page = people.readers[0].page
    back = page.goto(f"{portal.base_url}/guidance/{EXPIRED_SLUG}")
    assert back is not None
    assert back.status == 200
    deleted = page.goto(f"{portal.base_url}/guidance/{HOSTILE_SLUG}")
    assert deleted is not None
    assert deleted.status == 404
    assert people.office_seen.errors == []
