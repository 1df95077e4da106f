"""Categories and trend reports through the pages (issue 12): a member tags a case with IOA
categories in its page (sealed to the office key: the server never sees a tag), on a phone-sized
screen too; the Reports tab counts 200 cases' tag records in the browser, hides every count below
k and any count a total would give away, and its CSV download says what the page shows. The
SQLite files and the server log hold no category name or code."""

import csv
import json
import random
import sqlite3
import time
import urllib.request
from collections import Counter
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response, ViewportSize, expect

from crypto.case_tags import CaseTags, open_tags, quarter_of, seal_tags
from crypto.encoding import b64u_decode
from crypto.keys import KdfParams
from crypto.member import MemberBundle, password_keys, unwrap_bundle
from crypto.office import open_grant
from tests.browser.conftest import Portal
from tests.browser.test_inbox import SHOTS
from tests.browser.test_relay_flow import (
    DATABASE,
    PASSWORD,
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
K = 5  # reports.min_count, the default
GENERATED = 200
QUARTERS = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
# How often each category is a generated case's first: some cells reach k, many do not.
WEIGHTS = {"1": 2, "2": 30, "3": 14, "4": 10, "5": 22, "6": 4, "7": 8, "8": 7, "9": 3}
SUBCATEGORY_LETTERS = "abcde"  # every category has at least five subcategories


def tick(page: Page, code: str, filter_text: str = "") -> None:
    by(page, "case-tags-filter").fill(filter_text)
    page.locator(f'[data-testid="case-tag"][data-code="{code}"]').check()


def current_tags(page: Page) -> list[str]:
    return [c or "" for c in (t.get_attribute("data-code") for t in by(page, "case-tag-current").all())]


def generated_cases() -> list[CaseTags]:
    """200 cases' tags: one or two categories, perhaps a subcategory of the first, over four quarters."""
    rng = random.Random(12)
    cases = []
    for n in range(GENERATED):
        first, second = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=2)
        codes = {first} | ({second} if rng.random() < 0.3 else set())
        if rng.random() < 0.5:
            codes.add(f"{first}.{rng.choice(SUBCATEGORY_LETTERS)}")
        cases.append(CaseTags(f"c_gen{n:04d}", rng.choice(QUARTERS), tuple(sorted(codes))))
    return cases


def member_keys(responses: list[Response]) -> tuple[str, MemberBundle, bytes]:
    """The session token, key bundle and office secret key the page's sign-in received, opened with
    the member's password: the test then seals tag records as that member, and opens the page's."""
    challenge = next(r.json() for r in responses if r.url.endswith("/api/v1/auth/challenge") and "salt" in r.json())
    session = next(r.json() for r in responses if r.url.endswith("/api/v1/auth/session"))
    kdf = KdfParams(challenge["kdf"]["ops"], challenge["kdf"]["mem"])
    wrapping = password_keys(PASSWORD, b64u_decode(challenge["salt"]), kdf).wrapping_key
    bundle = unwrap_bundle(session["bundle"], wrapping, session["member_id"])
    office_sk = open_grant(session["office_grants"][-1]["grant"], bundle.box_pk, bundle.box_sk)
    return session["token"], bundle, office_sk


def post_json(url: str, token: str, body: object) -> Any:
    request = urllib.request.Request(  # noqa: S310 (the portal under test)
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return json.loads(answer.read())


def expected_grid(cases: list[CaseTags]) -> tuple[dict[tuple[str, str], int], Counter[str], Counter[str]]:
    """Cases per (category, quarter), per category, per quarter: what the report must count."""
    cells: dict[tuple[str, str], int] = Counter()
    for c in cases:
        for category in {code.split(".")[0] for code in c.codes}:
            cells[category, c.quarter] += 1
    rows = Counter({cat: sum(v for (c, _), v in cells.items() if c == cat) for cat in WEIGHTS})
    cols = Counter(c.quarter for c in cases if c.codes)
    return cells, rows, cols


def table_texts(page: Page) -> list[list[list[str]]]:
    """Each report table as the page shows it: its caption, header and rows, cell by cell."""
    texts: list[list[list[str]]] = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="report-table"]')].map((t) => [
            [t.caption.textContent],
            ...[...t.tHead.rows, ...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)),
        ])"""
    )
    return texts


def test_a_member_tags_a_case_and_the_report_hides_small_counts(portal: Portal, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    seen = watch(context)
    office, visitor = context.new_page(), browser.new_context().new_page()
    for page in (office, visitor):
        page.set_default_timeout(20_000)
    enrolled = enrol_first_member(office, portal)
    start_case(visitor, portal, enrolled.office_fingerprint)
    write(visitor, VISITOR_TEXT)
    responses: list[Response] = []
    office.on(
        "response", lambda r: responses.append(r) if r.url.endswith(("/auth/challenge", "/auth/session")) else None
    )
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
    SHOTS.mkdir(parents=True, exist_ok=True)
    by(office, "case-tags").screenshot(path=str(SHOTS / "case-tags-phone.png"))
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
        office_pk = db.execute("SELECT box_pk FROM office_key ORDER BY version DESC LIMIT 1").fetchone()[0]
        office_id = db.execute("SELECT office_id FROM office").fetchone()[0]
        created_at = db.execute('SELECT created_at FROM "case"').fetchone()[0]

    # 200 more cases' records, sealed as this member would seal them (to the office's public key)
    token, bundle, office_sk = member_keys(responses)
    # The record the page sealed opens in Python too, to the case's tags
    request = urllib.request.Request(  # noqa: S310 (the portal under test)
        f"{portal.base_url}/api/v1/office/case-tags", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        [item] = json.loads(answer.read())["items"]
    page_tags = open_tags(item["envelope"], office_id=office_id, office_box_sk=office_sk, senders={bundle.sign_pk})
    assert page_tags.codes == ("2", "2.h")
    assert page_tags.quarter == quarter_of(created_at)
    cases = generated_cases()
    for tags in cases:
        envelope = seal_tags(
            tags, office_id=office_id, sign_seed=bundle.sign_seed, office_box_pk=office_pk, sent_at=int(time.time())
        )
        post_json(f"{portal.base_url}/api/v1/office/case-tags", token, {"envelope": envelope.to_json()})
    cells, rows, cols = expected_grid([*cases, page_tags])

    # The report: computed in the page; small counts hidden, and any a total would give away
    office.set_viewport_size({"width": 1280, "height": 900})
    by(office, "nav-reports").click()
    expect(by(office, "report-table")).to_have_count(3)
    [by_category, by_subcategory, activity] = table_texts(office)
    quarters = sorted({q for (_, q) in cells})
    assert by_category[1] == ["Category", *quarters, "Total"]
    shown_cells = hidden_cells = 0
    for row in by_category[2:-1]:
        category = row[0].split(" ")[0]
        for quarter, text in zip(quarters, row[1:-1], strict=True):
            value = cells.get((category, quarter), 0)
            if value < K:
                assert text == "*", (category, quarter, value)
            if text == "*":
                hidden_cells += 1
            else:
                assert int(text) == value >= K
                shown_cells += 1
        if rows[category] < K or row[-1] != "*":
            assert row[-1] == ("*" if rows[category] < K else str(rows[category])), row
    tagged = by_category[-1]
    assert tagged[0] == "Cases tagged"
    assert tagged[-1] == str(GENERATED + 1)
    for quarter, text in zip(quarters, tagged[1:-1], strict=True):
        assert text == "*" if cols[quarter] < K else text in ("*", str(cols[quarter])), (quarter, text)
    assert shown_cells > 0
    assert hidden_cells > 0
    # A line whose total is shown never hides exactly one of its counts
    for row in by_category[2:]:
        assert row[-1] == "*" or row[1:-1].count("*") != 1, row
    for j in range(1, len(quarters) + 1):
        column = [row[j] for row in by_category[2:-1]]
        assert by_category[-1][j] == "*" or column.count("*") != 1, column
    assert all(int(r[1]) >= K for r in by_subcategory[2:])
    assert [r[1] for r in activity[2:]] == ["*", "*", "*", "*", "*"]  # nothing was recorded or destroyed
    expect(by(office, "reports-note")).to_contain_text(f"fewer than {K}")
    office.screenshot(path=str(SHOTS / "reports.png"), full_page=True)

    # The CSV download holds what the page shows, cell for cell
    with office.expect_download() as download:
        by(office, "reports-csv").click()
    text = download.value.path().read_text("utf-8-sig")
    lines = list(csv.reader(text.splitlines()))
    expected: list[list[str]] = [[by(office, "reports-note").text_content() or ""], []]
    for table in table_texts(office):
        expected += [*table, []]
    assert lines == expected[:-1]  # (the last table's blank line is the file's final line break)

    # In French, the same counts
    by(office, "reports-lang").select_option("fr")
    expect(office.locator('[data-testid="report-table"] caption').first).to_have_text(
        "Dossiers par catégorie et trimestre d'ouverture"
    )
    assert [row[1:] for row in table_texts(office)[0][1:]] == [row[1:] for row in by_category[1:]]

    # Printable: the tables and charts without the controls
    office.emulate_media(media="print")
    expect(by(office, "reports-csv")).to_be_hidden()
    expect(by(office, "report-table").first).to_be_visible()
    office.emulate_media(media="screen")

    # Nowhere on the server's disk or in its log: a category's name, a subcategory's code as the
    # record writes it, or the record's own field names (a category's one-digit code, three bytes
    # quoted, would turn up by chance in a megabyte of ciphertext)
    names = office.evaluate(
        """async () => (await import("/static/js/models/ioa-categories.js")).CATEGORIES
            .flatMap((c) => [c, ...c.subs])
            .flatMap((e) => [e.en, e.fr, ...(e.code.includes(".") ? [`"${e.code}"`] : [])])"""
    )
    names += ['"codes":', '"case-tags"']
    on_disk = b"".join(p.read_bytes() for p in sorted(portal.instance.glob(DATABASE + "*")))
    log = portal.log.read_bytes()
    for name in set(names):
        assert name.encode() not in on_disk, name
        assert name.encode() not in log, name
    assert seen.errors == []
