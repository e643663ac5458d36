"""The Ask page in headless Chromium, served as `make serve` serves it (Datasette with the
ask_mount plugin, one process and port): the form, the chart, the CSV download, the links
to Datasette, and a markup-injection attempt."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from .browser import browser_context, browser_page, screenshot_dir, served_kb  # noqa: F401

CPC_OFFICE = "中共吉林市委办公室"
JILIN_CENTRE = "吉林市政务信息中心"
CHANGJI = "昌吉州人民政府电子政务办公室"


def _watch(page, origin: str) -> tuple[list[str], list[str]]:
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(origin) else foreign.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return foreign, errors


def test_form_chart_and_csv(served_kb, browser_page):  # noqa: F811
    page = browser_page
    foreign, errors = _watch(page, served_kb.url)
    page.goto(served_kb.url + "/ask")
    page.fill("#q", "公务接待费 by unit 2022")
    page.press("#q", "Enter")
    page.wait_for_selector("#answer-chart[data-ready=true]")

    chart = page.evaluate(
        "() => ({type: window.askChart.config.type, labels: window.askChart.data.labels,"
        " data: window.askChart.data.datasets[0].data})"
    )
    assert chart["type"] == "bar"
    assert dict(zip(chart["labels"], chart["data"], strict=True)) == {
        CPC_OFFICE: 51.28,
        JILIN_CENTRE: 0.1,
        CHANGJI: 0.17,
    }
    # the canvas was really drawn on
    painted = page.evaluate(
        "() => { const c = document.getElementById('answer-chart');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"
    )
    assert painted > 1000

    assert "按单位列出" in page.inner_text("#interpretation")
    rows = page.locator("#answer-table tbody tr")
    assert rows.count() == 3
    cpc = page.locator("#answer-table tbody tr", has_text=CPC_OFFICE)
    assert "51.28" in cpc.inner_text() and "情况说明" in cpc.inner_text()
    page.screenshot(path=str(screenshot_dir() / "ask-by-unit.png"), full_page=True)

    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("单位,年度,文件,项目")
    assert f"{CPC_OFFICE},2022,预算,公务接待费,,51.28" in text
    assert f"{JILIN_CENTRE},2022,预算,公务接待费,,0.1" in text

    # a source link opens the fact's row page in Datasette, same process and port
    href = cpc.locator("td.sources a").first.get_attribute("href")
    assert href.startswith("/kb/facts/")
    response = page.goto(served_kb.url + href)
    assert response.ok
    assert "51.28" in page.content()

    assert foreign == []  # nothing from a CDN
    assert errors == []


def test_trend_draws_a_line(served_kb, browser_page):  # noqa: F811
    page = browser_page
    page.goto(served_kb.url + "/ask?q=" + quote("三公经费 by year"))
    page.wait_for_selector("#answer-chart[data-ready=true]")
    assert page.evaluate("() => window.askChart.config.type") == "line"
    assert page.evaluate("() => window.askChart.data.labels") == ["2021", "2022", "2023"]


def test_markup_in_the_question_stays_text(served_kb, browser_page):  # noqa: F811
    page = browser_page
    question = (
        '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> 公务接待费'
    )
    page.goto(served_kb.url + "/ask?q=" + quote(question))
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.input_value("#q") == question
    assert page.locator("img[src=x]").count() == 0


def test_not_understood_page(served_kb, browser_page):  # noqa: F811
    page = browser_page
    response = page.goto(served_kb.url + "/ask?q=" + quote("zzqx wvut"))
    assert response.status == 200
    assert "没能回答这个问题" in page.inner_text("#interpretation")
    page.click("#suggestions a >> nth=0")
    page.wait_for_load_state("load")
    assert page.locator("#answer-table tbody tr").count() >= 1


def test_a_three_turn_conversation(served_kb, browser_page):  # noqa: F811
    page = browser_page
    foreign, errors = _watch(page, served_kb.url)
    page.goto(served_kb.url + "/ask")
    for question in ("公务接待费 by unit 2022", "前2名", "加起来多少"):
        page.fill("#q", question)
        page.press("#q", "Enter")
        page.wait_for_load_state()
    turns = page.locator("#thread .turn-question").all_inner_texts()
    assert turns == ["问：公务接待费 by unit 2022", "问：前2名"]
    assert page.locator("#summary").inner_text().startswith("合计 51.45 万元：公务接待费，2 个单位")
    units = page.locator("#answer-table tbody tr td:first-child").all_inner_texts()
    assert units == [CPC_OFFICE, CHANGJI]
    page.screenshot(path=str(screenshot_dir() / "ask-conversation.png"), full_page=True)
    # the permalink replays the whole conversation
    permalink = page.input_value("#permalink")
    page.goto(permalink)
    assert page.locator("#summary").inner_text().startswith("合计 51.45 万元")
    page.locator("#thread a.new-conversation").click()
    page.wait_for_load_state()
    assert page.locator("#thread").count() == 0
    assert foreign == [] and errors == []


def test_earlier_turns_keep_their_tables_and_chips_can_be_edited(served_kb, browser_page):  # noqa: F811
    page = browser_page
    foreign, errors = _watch(page, served_kb.url)
    page.goto(served_kb.url + "/ask")
    for question in ("公务接待费 by unit 2022", "只看吉林市的单位"):
        page.fill("#q", question)
        page.press("#q", "Enter")
        page.wait_for_load_state()
    # the first turn, opened: its own table, chart and sources
    page.click("#turn-1 summary")
    page.wait_for_selector("#turn-1-answer-chart[data-ready=true]")
    first = page.locator("#turn-1-answer-table tbody tr td:first-child").all_inner_texts()
    assert first == [CPC_OFFICE, JILIN_CENTRE, CHANGJI]
    assert (
        page.locator("#turn-1-answer-table td.sources a")
        .first.get_attribute("href")
        .startswith("/kb/facts/")
    )
    # the current turn: province and city first, the units of 吉林市 only
    assert page.locator("#answer-table tbody tr td:nth-child(3)").all_inner_texts() == [
        CPC_OFFICE,
        JILIN_CENTRE,
    ]
    # the first turn's year chip, edited: the conversation forks from before that turn
    year = page.locator("#turn-1-chips input[name=w][list=known-years]")
    assert year.input_value() == "2022"
    year.fill("2023")
    page.click("#turn-1-chips button.chips-ask")
    page.wait_for_load_state()
    assert page.input_value("#q") == "2023 公务接待费 by unit"
    assert page.locator("#thread").count() == 0
    assert page.locator("#answer-table tbody tr td:first-child").all_inner_texts() == [
        "吉林省政务服务和数字化建设服务中心"
    ]
    # a chip of the current answer cleared: the question without it
    page.fill("#chips input[name=w][list=known-years]", "")
    page.click("#chips button.chips-ask")
    page.wait_for_load_state()
    assert page.input_value("#q") == "公务接待费 by unit"
    assert page.locator("#answer-table tbody tr").count() == 5
    assert foreign == [] and errors == []
