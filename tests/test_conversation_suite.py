"""The conversation suite of issue 16: 89 turns, each with its exact figures or exactly
what it says instead, on the five samples (through the JSON API and through
``kb ask --context --json``, which must agree) and on the twelve published PDFs.

It holds the failures the issue found — a code answered with another code, an impossible
year dropped, a place ignored, sums never made, 执行率 not computed, a unit's projects
given as one total, follow-ups and English not understood, 财政拨款（补助） not taken for
财政拨款收入, missing tables answered with amounts — and the families built since:
totals, shares, change against the year before, rankings of 执行率, clarifying choices
answered by typing the item, and figures whose own table does not add up, flagged.

A turn is ``(question, expected)``: ``rows`` are the (unit, year, amount) of each row in
order (other columns with ``columns``), ``says`` is in the summary, ``note`` in one of
the notes, ``status`` the HTTP status (200 unless said), ``total`` the sum shown.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kb.ask.cli import ask_command
from kb.web.ask.app import create_app

from .test_conversation import CENTRE, CHANGJI, CPC, LINJIANG, PROVINCE, RECEPTION_2022

RECEPTION_ALL = [
    (CPC, 2022, 51.28),
    (LINJIANG, 2021, 0.0),
    (CENTRE, 2022, 0.1),
    (PROVINCE, 2023, 0.0),
    (CHANGJI, 2022, 0.17),
]
NO_FIGURE = {"rows": [], "says": "没有找到符合条件的数字"}
CHANGE = ("unit", "year", "amount", "previous", "change", "change_pct", "printed_change")

SAMPLE_CONVERSATIONS = {
    "a code is never answered with another code": [
        (
            "2010301 行政运行 各单位",
            {"rows": [], "says": "数据库中没有科目编码 2010301 的数字", "note": "只按编码查询"},
        ),
        ("2010302 by unit", {"rows": [(PROVINCE, 2023, 1.35)]}),
        ("按年度", {"rows": [(PROVINCE, 2023, 1.35)], "template": "by_year/"}),
    ],
    "an impossible year is said, not dropped": [
        ("99999年 公务接待费", {"status": 422, "says": "没有 99999 年的数据"}),
        ("2022年 公务接待费", {"rows": RECEPTION_2022}),
        ("公务接待费 2030", NO_FIGURE),
    ],
    "a place narrows the units": [
        ("临江 公用经费", {"rows": [(LINJIANG, 2021, 475.45)], "says": "仅见于情况说明"}),
        ("那基本支出呢", {"rows": [(LINJIANG, 2021, 721.41)]}),
        ("加起来多少", {"rows": [(LINJIANG, 2021, 721.41)], "total": 721.41}),
    ],
    "a sum, a part, another side": [
        ("三公经费 合计 2022", {"total": 53.55, "says": "合计 53.55 万元"}),
        ("其中公务用车呢", {"rows": [(CPC, 2022, 0.0), (CHANGJI, 2022, 2.17)]}),
        ("换成决算", NO_FIGURE),  # no 决算 of 2022: said, not the 预算 again
    ],
    "a unit's projects": [
        (
            "吉林市政务信息中心2022年项目支出明细",
            {
                "rows": [
                    (CENTRE, 2022, 2.0),
                    (CENTRE, 2022, 2.5),
                    (CENTRE, 2022, 46.2),
                    (CENTRE, 2022, 840.0),
                    (CENTRE, 2022, 338.0),
                ],
                "says": "5 个项目，共 1,228.7 万元",
            },
        ),
        (
            "排名前三",
            {"rows": [(CENTRE, 2022, 840.0), (CENTRE, 2022, 338.0), (CENTRE, 2022, 46.2)]},
        ),
        ("加起来多少", {"total": 1224.2, "says": "3 个项目相加"}),
    ],
    "a unit's year that is not there": [
        ("吉林市政务信息中心 2022 项目支出", {"rows": [(CENTRE, 2022, 1228.7)]}),
        ("那2023年呢", NO_FIGURE),
        ("那2022年的基本支出呢", {"rows": [(CENTRE, 2022, 118.0)]}),
    ],
    "English": [
        ("official reception by unit", {"rows": RECEPTION_ALL}),
        ("in 2022", {"rows": RECEPTION_2022}),
        ("top 1", {"rows": [(CPC, 2022, 51.28)], "template": "ranking"}),
        ("what about overseas travel?", {"rows": [(CPC, 2022, 0.0)]}),
    ],
    "English totals": [
        (
            "total expenditure by unit 2022",
            {"rows": [(CPC, 2022, 6677.45), (CENTRE, 2022, 1346.7), (CHANGJI, 2022, 314.96)]},
        ),
        (
            "smallest first",
            {"rows": [(CHANGJI, 2022, 314.96), (CENTRE, 2022, 1346.7), (CPC, 2022, 6677.45)]},
        ),
        ("top 2", {"rows": [(CPC, 2022, 6677.45), (CENTRE, 2022, 1346.7)]}),
        ("total", {"total": 8024.15}),
    ],
    "one line under two printed names": [
        (
            "财政拨款（补助） 2022 各单位",
            {
                "rows": [(CPC, 2022, 6677.45), (CENTRE, 2022, 1346.7), (CHANGJI, 2022, 314.96)],
                "row_items": ["财政拨款收入", "财政拨款收入", "财政拨款（补助）"],
            },
        ),
        ("前1名", {"rows": [(CPC, 2022, 6677.45)]}),
        (
            "财政拨款收入 by unit",
            {
                "rows": [
                    (CPC, 2022, 6677.45),
                    (LINJIANG, 2021, 703.95),
                    (CENTRE, 2022, 1346.7),
                    (PROVINCE, 2023, 42590.81),
                    (CHANGJI, 2022, 314.96),
                ]
            },
        ),
    ],
    "missing tables, not amounts": [
        (
            "哪些单位缺少三公经费表",
            {
                "rows": [(CPC, 2022, "fail"), (LINJIANG, 2021, "unverifiable")],
                "columns": ("unit", "year", "status"),
                "says": "2 个单位的文件缺少所问的表格",
            },
        ),
        (
            "哪些单位缺少政府性基金预算支出表",
            {
                "rows": [(CPC, 2022, "fail"), (LINJIANG, 2021, "unverifiable")],
                "columns": ("unit", "year", "status"),
            },
        ),
    ],
    "a clarifying question answered by typing": [
        ("预算和决算对比", {"status": 422, "choices": "三公经费 预算和决算对比"}),
        (
            "三公经费",
            {
                "rows": [
                    (CPC, 2022, 51.28, None),
                    (LINJIANG, 2021, 0.0, 0.0),
                    (CENTRE, 2022, 0.1, None),
                    (PROVINCE, 2023, 0.0, 0.0),
                    (CHANGJI, 2022, 2.17, None),
                ],
                "columns": ("unit", "year", "budget", "actual"),
                "template": "compare",
            },
        ),
    ],
    "a ranking asked before its item": [
        ("前2名", {"status": 422, "choices": "三公经费 前2名"}),
        ("公务接待费", {"rows": [(CPC, 2022, 51.28), (CHANGJI, 2022, 0.17)]}),
    ],
    "a word one character off": [
        ("公务接侍费 2022 各单位", {"rows": RECEPTION_2022, "note": "按“公务接待费”理解"}),
        ("前1名", {"rows": [(CPC, 2022, 51.28)]}),
    ],
    "two named units": [
        (
            "吉林市政务信息中心和中共吉林市委办公室 2022 基本支出",
            {"rows": [(CPC, 2022, 943.25), (CENTRE, 2022, 118.0)]},
        ),
        ("那项目支出呢", {"rows": [(CPC, 2022, 5734.2), (CENTRE, 2022, 1228.7)]}),
        ("加起来多少", {"total": 6962.9}),
    ],
    "shares": [
        (
            "各单位基本支出占支出合计的比重 2022",
            {
                "rows": [(CPC, 2022, 14.13), (CENTRE, 2022, 8.76), (CHANGJI, 2022, 46.02)],
                "columns": ("unit", "year", "share"),
            },
        ),
        (
            "只看吉林市的单位",
            {
                "rows": [(CPC, 2022, 14.13), (CENTRE, 2022, 8.76)],
                "columns": ("unit", "year", "share"),
            },
        ),
        (
            "那项目支出呢",  # the same whole, another part
            {
                "rows": [(CPC, 2022, 85.87), (CENTRE, 2022, 91.24)],
                "columns": ("unit", "year", "share"),
            },
        ),
    ],
    "a part of 三公, on a table that does not add up": [
        (
            "公务接待费占三公经费的比例 2022",
            {
                "rows": [(CPC, 2022, 100.0), (CENTRE, 2022, 100.0), (CHANGJI, 2022, 7.83)],
                "columns": ("unit", "year", "share"),
                "note": "前后不一致",
            },
        ),
        (
            "昌吉州人民政府电子政务办公室 呢",
            {"rows": [(CHANGJI, 2022, 7.83)], "columns": ("unit", "year", "share")},
        ),
    ],
    "budget against actual, 执行率": [
        (
            "临江市政务服务和数字化建设管理局 2021 三公经费 预算和决算",
            {"rows": [(LINJIANG, 2021, 0.0, 0.0)], "columns": ("unit", "year", "budget", "actual")},
        ),
        (
            "执行率",  # of a budget of 0: no rate, not a division by zero
            {"rows": [(LINJIANG, 2021, None)], "columns": ("unit", "year", "execution_rate")},
        ),
    ],
    "change against the year before, printed or not": [
        ("吉林市 公务接待费 2022", {"rows": [(CPC, 2022, 51.28), (CENTRE, 2022, 0.1)]}),
        (
            "比上年呢",
            {
                "rows": [
                    (CPC, 2022, 51.28, None, None, None, 49.78),
                    (CENTRE, 2022, 0.1, None, None, None, None),
                ],
                "columns": CHANGE,
                "says": "0 行有上年数",
            },
        ),
        (
            "昌吉州 呢",
            {
                "rows": [(CHANGJI, 2022, 0.17, None, None, None, -0.01)],
                "columns": CHANGE,
                "says": "文件所列比上年增减 -0.01 万元",
            },
        ),
    ],
    "nothing to list, no place, no rank 0": [
        ("公务接待费前0名", {"status": 422, "says": "名次至少为 1"}),
        ("北京市 公务接待费", {"status": 422, "says": "知识库中没有北京市的单位"}),
        ("公务接待费 by unit 2022", {"rows": RECEPTION_2022}),
    ],
    "the year before, from the years shown": [
        ("公务接待费 by unit 2022", {"rows": RECEPTION_2022}),
        ("去年呢", {"rows": [(LINJIANG, 2021, 0.0)]}),
    ],
    "most, least, another item": [
        (
            "2022年哪个单位基本支出最多",
            {"rows": [(CPC, 2022, 943.25), (CHANGJI, 2022, 144.96), (CENTRE, 2022, 118.0)]},
        ),
        (
            "最少的呢",
            {"rows": [(CENTRE, 2022, 118.0), (CHANGJI, 2022, 144.96), (CPC, 2022, 943.25)]},
        ),
        (
            "换成项目支出",
            {"rows": [(CHANGJI, 2022, 170.0), (CENTRE, 2022, 1228.7), (CPC, 2022, 5734.2)]},
        ),
    ],
    "the parts of 三公 and one unit's": [
        ("三公经费明细 2022", {"count": 12}),
        (
            "只看昌吉州的单位",
            {
                "rows": [
                    (CHANGJI, 2022, 2.17),
                    (CHANGJI, 2022, 0.0),
                    (CHANGJI, 2022, 2.17),  # printed so; its parts are 0 and 2: flagged
                    (CHANGJI, 2022, 0.0),
                    (CHANGJI, 2022, 2.0),
                    (CHANGJI, 2022, 0.17),
                ],
                "note": "公务用车购置及运行费（预算数） 应为 2，实为 2.17",
            },
        ),
    ],
    "a unit over the years": [
        ("吉林市政务信息中心 三公经费 历年", {"rows": [(CENTRE, 2022, 0.1)]}),
        ("那公用经费呢", {"rows": [(CENTRE, 2022, 10.9)]}),
    ],
}

PDF_CONVERSATIONS = {
    "a part, then its share of the whole": [
        ("2024年国家信访局的支出合计是多少", {"rows": [("国家信访局", 2024, 14572.53)]}),
        ("其中基本支出呢", {"rows": [("国家信访局", 2024, 11073.11)]}),
        (
            "占比呢",  # a total's part alone: its share of 支出合计, said
            {
                "rows": [("国家信访局", 2024, 11073.11, 14572.53, 75.99)],
                "columns": ("unit", "year", "part", "whole", "share"),
                "note": "按基本支出占支出合计的比例理解",
            },
        ),
        (
            "那项目支出呢",
            {
                "rows": [("国家信访局", 2024, 3499.42, 14572.53, 24.01)],
                "columns": ("unit", "year", "part", "whole", "share"),
            },
        ),
    ],
    "a 三公 part's share, by unit": [
        (
            "公务接待费的比重 2025",
            {
                "rows": [
                    ("上海市财政局", 2025, 7.33),
                    ("无锡市发展和改革委员会", 2025, 31.88),
                    ("长沙市公安局", 2025, 6.22),
                ],
                "columns": ("unit", "year", "share"),
                "note": "按公务接待费占三公经费的比例理解",
            },
        ),
    ],
    "a two-year 三公 table: the change from its own column": [
        (
            "西安市人力资源和社会保障局 公务接待费 比上年",
            {
                "rows": [("西安市人力资源和社会保障局", 2020, 3.3, 3.57, -0.27, -7.56, -0.27)],
                "columns": CHANGE,
                "says": "上年 3.57 万元，增减 -0.27 万元（-7.56%）",
            },
        ),
        (
            "三公经费明细呢",
            {
                "rows": [
                    ("西安市人力资源和社会保障局", 2020, 29.3, 66.57, -37.27, -55.99, -37.27),
                    ("西安市人力资源和社会保障局", 2020, 0.0, 25.0, -25.0, -100.0, -25.0),
                    ("西安市人力资源和社会保障局", 2020, 26.0, 38.0, -12.0, -31.58, -12.0),
                    ("西安市人力资源和社会保障局", 2020, 0.0, 0.0, 0.0, None, 0.0),
                    ("西安市人力资源和社会保障局", 2020, 26.0, 38.0, -12.0, -31.58, -12.0),
                    ("西安市人力资源和社会保障局", 2020, 3.3, 3.57, -0.27, -7.56, -0.27),
                ],
                "columns": CHANGE,
            },
        ),
        (
            "那因公出国（境）费呢",
            {
                "rows": [("西安市人力资源和社会保障局", 2020, 0.0, 25.0, -25.0, -100.0, -25.0)],
                "columns": CHANGE,
            },
        ),
    ],
    "执行率, ranked": [
        ("三公经费 执行率", {"count": 12}),
        (
            "前1名",
            {
                "rows": [("西安市卫生健康委员会", 2022, 99.0)],
                "columns": ("unit", "year", "execution_rate"),
                "note": "按执行率从大到小排列",
            },
        ),
        (
            "按从小到大排",
            {
                "rows": [("上海市普陀区规划和自然资源局", 2024, 13.68)],
                "columns": ("unit", "year", "execution_rate"),
            },
        ),
    ],
    "a 决算 against its own budget": [
        (
            "国家信访局 2024 三公经费 预算和决算",
            {
                "rows": [("国家信访局", 2024, 76.43, 46.21)],
                "columns": ("unit", "year", "budget", "actual"),
            },
        ),
        (
            "执行率",
            {"rows": [("国家信访局", 2024, 60.46)], "columns": ("unit", "year", "execution_rate")},
        ),
        (
            "其中公务接待费呢",
            {"rows": [("国家信访局", 2024, 15.52)], "columns": ("unit", "year", "execution_rate")},
        ),
    ],
    "a province's units": [
        (
            "江苏省的单位 公务接待费",
            {"rows": [("中共江苏省委办公厅", 2018, 27.0), ("江苏省人民检察院", 2019, 101.26)]},
        ),
        ("加起来多少", {"total": 128.26}),
        ("前1名", {"rows": [("江苏省人民检察院", 2019, 101.26)]}),
    ],
    "by city, then one city": [
        ("各城市公务接待费", {"count": 12}),
        (
            "只看西安市的单位",
            {
                "rows": [
                    ("中共西安市委宣传部", 2021, 6.51),
                    ("西安市人力资源和社会保障局", 2020, 3.3),
                    ("西安市卫生健康委员会", 2022, 0.11),
                ]
            },
        ),
        (
            "那三公经费呢",
            {
                "rows": [
                    ("中共西安市委宣传部", 2021, 6.51),
                    ("西安市人力资源和社会保障局", 2020, 29.3),
                    ("西安市卫生健康委员会", 2022, 587.55),
                ]
            },
        ),
    ],
    "a year with no document": [
        ("长沙市公安局 2025 三公经费", {"rows": [("长沙市公安局", 2025, 458.5)]}),
        ("去年呢", NO_FIGURE),
    ],
    "no table missing; English after it": [
        ("哪些单位缺少三公经费表", {"rows": [], "says": "没有文件缺少所问的表格"}),
        (
            "official reception by unit 2025",
            {
                "rows": [
                    ("上海市财政局", 2025, 25.4),
                    ("无锡市发展和改革委员会", 2025, 12.2),
                    ("长沙市公安局", 2025, 28.5),
                ]
            },
        ),
    ],
    "shares of a total, part after part": [
        (
            "无锡市发展和改革委员会 2025 支出合计",
            {"rows": [("无锡市发展和改革委员会", 2025, 9947.88)]},
        ),
        (
            "基本支出占支出合计的比重",
            {
                "rows": [("无锡市发展和改革委员会", 2025, 6389.83, 9947.88, 64.23)],
                "columns": ("unit", "year", "part", "whole", "share"),
            },
        ),
        (
            "那项目支出呢",
            {
                "rows": [("无锡市发展和改革委员会", 2025, 3558.05, 9947.88, 35.77)],
                "columns": ("unit", "year", "part", "whole", "share"),
            },
        ),
    ],
}


def check_turn(question: str, data: dict, expected: dict) -> None:
    assert data["status"] == expected.get("status", 200), (question, data["summary"])
    rows = [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]
    columns = expected.get("columns", ("unit", "year", "amount"))
    if "rows" in expected:
        assert [tuple(r.get(c) for c in columns) for r in rows] == expected["rows"], question
    if "count" in expected:
        assert len(rows) == expected["count"], question
    if "row_items" in expected:
        assert [r["item"] for r in rows] == expected["row_items"], question
    if "says" in expected:
        assert expected["says"] in (data["summary"] or ""), (question, data["summary"])
    if "note" in expected:
        assert any(expected["note"] in n for n in data["notes"]), (question, data["notes"])
    if "total" in expected:
        assert data["total"] == expected["total"], question
    if "choices" in expected:
        assert expected["choices"] in data["choices"], (question, data["choices"])
    if "template" in expected:
        assert (data["template"] or "").startswith(expected["template"]), question
    if data["rows"]:  # every row shown is linked to its fact (or, for checks, its check)
        linked = ("check_id",) if data["template"] == "checks" else ("fact_id",)
        assert all(any(k in s for s in sources for k in linked) for sources in data["sources"])


def test_the_suite_has_at_least_80_turns():
    turns = sum(map(len, SAMPLE_CONVERSATIONS.values())) + sum(map(len, PDF_CONVERSATIONS.values()))
    assert turns >= 80


@pytest.fixture(scope="module")
def samples_client(corpus_db_path):
    return create_app({"TESTING": True, "DATABASE": str(corpus_db_path)}).test_client()


def through_the_api(client, turns) -> list[dict]:
    answers, context = [], None
    for question, _ in turns:
        params = {"q": question, **({"context": context} if context else {})}
        data = client.get("/ask.json", query_string=params).get_json()
        answers.append(data)
        context = data["context"] or context
    return answers


@pytest.mark.parametrize("name", SAMPLE_CONVERSATIONS)
def test_a_conversation_on_the_samples(samples_client, name):
    turns = SAMPLE_CONVERSATIONS[name]
    for (question, expected), data in zip(
        turns, through_the_api(samples_client, turns), strict=True
    ):
        check_turn(question, data, expected)


@pytest.mark.parametrize("name", list(SAMPLE_CONVERSATIONS)[:8])
def test_kb_ask_with_context_gives_the_same_answers(samples_client, corpus_db_path, name):
    """``kb ask QUESTION --context TOKEN --json`` is the same conversation as the API."""
    turns = SAMPLE_CONVERSATIONS[name]
    context = None
    for (question, expected), api in zip(
        turns, through_the_api(samples_client, turns), strict=True
    ):
        args = ["--db", str(corpus_db_path), "--json", question]
        if context:
            args += ["--context", context]
        result = CliRunner().invoke(ask_command, args)
        data = json.loads(result.output)
        check_turn(question, data, expected)
        assert (data["rows"], data["summary"], data["total"]) == (
            api["rows"],
            api["summary"],
            api["total"],
        )
        context = data["context"] or context


@pytest.fixture(scope="module")
def pdf_client(shared_pdfs):
    return create_app({"TESTING": True, "DATABASE": str(shared_pdfs.db_path)}).test_client()


@pytest.mark.parametrize("name", PDF_CONVERSATIONS)
def test_a_conversation_on_the_published_pdfs(pdf_client, name):
    turns = PDF_CONVERSATIONS[name]
    for (question, expected), data in zip(turns, through_the_api(pdf_client, turns), strict=True):
        check_turn(question, data, expected)
