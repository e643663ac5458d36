"""The served knowledge base in a real headless Chromium (Debian's, through Playwright).

A journalist's path: search 公务接待费 in the segments table, narrow it with a facet,
download the result (Datasette's CSV and the Excel-friendly CSV), drill into the
subject-code facet of the facts, and follow a fact to its highlighted source row.
Screenshots go to ``tests.browser.screenshot_dir()`` (outside the repository).
"""

from __future__ import annotations

import csv
import io
import re

from .browser import browser_context, browser_page, screenshot_dir, served_kb  # noqa: F401

UNIT = "中共吉林市委办公室"


def shot(page, name: str) -> None:
    page.screenshot(path=str(screenshot_dir() / f"{name}.png"), full_page=False)


def test_search_facet_and_download_csv(served_kb, browser_page):  # noqa: F811
    page = browser_page
    page.goto(served_kb.url + "/kb/segments")
    page.fill("#_search", "公务接待费")
    page.press("#_search", "Enter")
    page.wait_for_load_state()
    assert "_search=" in page.url
    assert page.locator("h3", has_text="24 rows").count() == 1
    marks = page.locator("table.rows-and-columns mark")
    assert marks.count() >= 20 and set(marks.all_inner_texts()) == {"公务接待费"}
    assert page.locator("#kb-ranked li").count() == 10
    shot(page, "01-segments-search")

    page.locator("#facet-unit").get_by_role("link", name=UNIT).click()
    page.wait_for_load_state()
    assert "unit=" in page.url
    assert page.locator("h3", has_text="6 rows").count() == 1
    units = page.locator("table.rows-and-columns td.col-unit").all_inner_texts()
    assert units == [UNIT] * 6
    shot(page, "02-segments-facet-unit")

    # Datasette's own CSV, as a download (advanced export, "download file")
    page.locator("#export input[name=_dl]").check()
    with page.expect_download() as download_info:
        page.locator("#export input[type=submit]").click()
    download = download_info.value
    text = open(download.path(), encoding="utf-8").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 6
    assert {r["unit"] for r in rows} == {UNIT}
    assert all("公务接待费" in r["text"] for r in rows)
    assert any("公务接待费51.28万元" in r["text"] for r in rows)

    # the Excel-friendly download: a BOM, CRLF, no search_text column
    with page.expect_download() as download_info:
        page.locator("p.export-links").get_by_role("link", name="excel").click()
    download = download_info.value
    assert download.suggested_filename == "segments.csv"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    excel_rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["id"] for r in excel_rows] == [r["id"] for r in rows]
    assert "search_text" not in excel_rows[0]


def test_code_facet_drill_down_and_provenance(served_kb, browser_page):  # noqa: F811
    page = browser_page
    page.goto(served_kb.url + "/kb/facts")
    facet = page.locator("#facet-code")
    first = facet.locator("li[data-code='201']")
    assert "141" in first.inner_text() and "50,626.97" in first.inner_text()
    shot(page, "03-facts-code-facet")

    first.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url.endswith("code__startswith=201")
    facet = page.locator("#facet-code")
    assert "科目 · 款" in facet.inner_text()
    assert "43,682.38" in facet.locator("li[data-code='20103']").inner_text()
    facet.locator("li[data-code='20103'] a").click()
    page.wait_for_load_state()
    facet = page.locator("#facet-code")
    assert "科目 · 项" in facet.inner_text()
    assert "241.3" in facet.locator("li[data-code='2010350']").inner_text()
    facet.locator("summary").click()
    assert facet.locator("details").get_attribute("open") is not None
    shot(page, "04-facts-code-facet-xiang")

    # follow a fact to its source: the row is highlighted and scrolled into view
    page.goto(
        served_kb.url + "/kb/facts?statement=三公经费表&item_key=公务接待费&unit=吉林市政务信息中心"
    )
    link = page.locator("td.col-source a").first
    assert re.search(r"第\d+行", link.inner_text())
    link.click()
    page.wait_for_load_state()
    row = page.locator("tr.kb-focus")
    assert row.count() == 1
    assert "公务接待费" in row.inner_text()
    assert row.locator("td.kb-marked").inner_text() == "0.1"
    assert row.is_visible()
    box = row.bounding_box()
    assert box and 0 <= box["y"] <= page.viewport_size["height"]
    shot(page, "05-document-row")


def test_search_everything_page(served_kb, browser_page):  # noqa: F811
    page = browser_page
    page.goto(served_kb.url + "/")
    page.locator("details.nav-menu summary").click()
    page.locator(".nav-menu-inner").get_by_role("link", name="全文检索 Search everything").click()
    page.wait_for_load_state()
    page.fill("#kb-q", "三公经费")
    page.press("#kb-q", "Enter")
    page.wait_for_load_state()
    heading = page.locator("#kb-segments h2").inner_text()
    assert re.search(r"· 34$", heading)
    assert page.locator("#kb-segments mark").count() >= 20
    assert page.locator("#kb-facts td", has_text="51.28").count() >= 1
    shot(page, "06-search-everything")
    assert page.locator("a[href='/ask/']").count() >= 1


def test_a_unit_page_from_the_units_table(served_kb, browser_page):  # noqa: F811
    page = browser_page
    page.goto(served_kb.url + "/kb/units")
    page.locator("#facet-city").get_by_role("link", name="吉林市").click()
    page.wait_for_load_state()
    assert "city=" in page.url
    names = page.locator("table.rows-and-columns td.col-name").all_inner_texts()
    assert sorted(names) == ["中共吉林市委办公室", "吉林市政务信息中心"]
    row = page.locator("table.rows-and-columns tr", has_text=UNIT)
    row.locator("td.col-name a.kb-unit-link").click()
    page.wait_for_load_state()
    assert "/-/unit/" in page.url
    assert page.locator("h1").inner_text() == UNIT
    meta = page.locator("p.kb-meta").first.inner_text()
    assert "吉林省 · 吉林市" in meta and "党委办公厅（室）" in meta
    figures = page.locator("table.kb-unit-figures tbody tr")
    assert figures.count() == 1
    cells = figures.first.locator("td").all_inner_texts()
    assert cells[0] == "2022" and cells[2] == "51.28" and cells[-1] == "6,677.45"
    shot(page, "07-unit-page")

    # a key figure leads to its row in the source
    figures.first.locator("td").last.locator("a").click()
    page.wait_for_load_state()
    focus = page.locator("tr.kb-focus")
    assert focus.count() == 1 and "6677.45" in focus.inner_text().replace(",", "")
