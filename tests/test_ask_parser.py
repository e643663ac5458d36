"""The question parser on its own: a table of questions and what they should be read as."""

from __future__ import annotations

import sqlite3

import pytest

from kb.ask import questions as templates_sql
from kb.ask.parser import MAX_QUESTION, chinese_number, clean, parse
from kb.ask.vocab import load
from kb.ask.vocab import question_form as fold
from kb.ask.vocab import question_key as compact

JILIN_CENTRE = "吉林市政务信息中心"
CPC_OFFICE = "中共吉林市委办公室"
PROVINCE_CENTRE = "吉林省政务服务和数字化建设服务中心"
LINJIANG = "临江市政务服务和数字化建设管理局"
CHANGJI = "昌吉州人民政府电子政务办公室"


@pytest.fixture(scope="module")
def vocab(corpus_db_path):
    conn = sqlite3.connect(f"file:{corpus_db_path}?mode=ro", uri=True)
    try:
        yield load(conn)
    finally:
        conn.close()


# question -> template, items [(label, family)], units, years, and other fields that must match
CASES = [
    (
        "公务接待费 by unit 2022",
        "by_unit",
        [("公务接待费", "three_public")],
        [],
        [2022],
        {"group": "unit"},
    ),
    (
        "2022年各单位公务接待费",
        "by_unit",
        [("公务接待费", "three_public")],
        [],
        [2022],
        {"group": "unit"},
    ),
    ("按单位列出2022年的公务接待费", "by_unit", [("公务接待费", "three_public")], [], [2022], {}),
    ("二〇二二年各单位公务接待费", "by_unit", [("公务接待费", "three_public")], [], [2022], {}),
    ("二零二二年度各单位接待费", "by_unit", [("公务接待费", "three_public")], [], [2022], {}),
    ("２０２２年 各单位 公务接待费", "by_unit", [("公务接待费", "three_public")], [], [2022], {}),
    (
        "吉林市政务信息中心 2022 项目支出",
        "value",
        [("项目支出", "total")],
        [JILIN_CENTRE],
        [2022],
        {},
    ),
    (
        "昌吉州人民政府电子政务办公室的住房公积金是多少",
        "value",
        [("住房公积金", "generic")],
        [CHANGJI],
        [],
        {},
    ),
    ("昌吉州电子政务办公室公积金", "value", [("住房公积金", "generic")], [CHANGJI], [], {}),
    ("政务信息中心 2022年 差旅费", "value", [("差旅费", "generic")], [JILIN_CENTRE], [2022], {}),
    ("三公经费 by year", "by_year", [("三公经费", "three_public")], [], [], {"group": "year"}),
    (
        "中共吉林市委办公室历年三公经费",
        "by_year",
        [("三公经费", "three_public")],
        [CPC_OFFICE],
        [],
        {},
    ),
    ("吉林市委办公室三公经费趋势", "by_year", [("三公经费", "three_public")], [CPC_OFFICE], [], {}),
    (
        "2022年哪个单位基本支出最多",
        "ranking",
        [("基本支出", "total")],
        [],
        [2022],
        {"order": "desc"},
    ),
    (
        "公务接待费前5名",
        "ranking",
        [("公务接待费", "three_public")],
        [],
        [],
        {"order": "desc", "limit": 5},
    ),
    ("公务接待费前十名", "ranking", [("公务接待费", "three_public")], [], [], {"limit": 10}),
    ("top 3 项目支出", "ranking", [("项目支出", "total")], [], [], {"limit": 3}),
    (
        "2022年哪个单位公用经费最少",
        "ranking",
        [("公用经费", "total")],
        [],
        [2022],
        {"order": "asc"},
    ),
    ("2010350 by unit", "by_unit", [("2010350", "code")], [], [], {}),
    ("30217 2022", "by_unit", [("30217", "code")], [], [2022], {}),
    ("2010350 基本支出 by unit", "by_unit", [("2010350", "code")], [], [], {"measure": "基本支出"}),
    (
        "2023年吉林省政务服务和数字化建设服务中心三公经费预算和决算",
        "compare",
        [("三公经费", "three_public")],
        [PROVINCE_CENTRE],
        [2023],
        {"side": "both"},
    ),
    (
        "临江市 2021 公务接待费 budget vs actual",
        "compare",
        [("公务接待费", "three_public")],
        [LINJIANG],
        [2021],
        {},
    ),
    (
        "吉林市政务信息中心2022年支出按功能分类",
        "breakdown",
        [],
        [JILIN_CENTRE],
        [2022],
        {"code_system": "功能分类", "measure": "支出合计"},
    ),
    (
        "昌吉州人民政府电子政务办公室基本支出按经济分类",
        "breakdown",
        [],
        [CHANGJI],
        [],
        {"code_system": "经济分类", "measure": "基本支出"},
    ),
    (
        "吉林市政务信息中心 2022 按功能分类 类级",
        "breakdown",
        [],
        [JILIN_CENTRE],
        [2022],
        {"level": 3},
    ),
    ("公车 by unit", "by_unit", [("公务用车购置及运行费", "three_public")], [], [], {}),
    ("出国 2022", "by_unit", [("因公出国（境）费", "three_public")], [], [2022], {}),
    ("三公 2022 预算数", "by_unit", [("三公经费", "three_public")], [], [2022], {"side": "预算数"}),
    ("公务用车运行维护费 by unit", "by_unit", [("公务用车运行费", "three_public")], [], [], {}),
    ("吉林省 基本支出", "value", [("基本支出", "total")], [PROVINCE_CENTRE], [], {}),
    ("2021-2023年 三公经费", "by_unit", [("三公经费", "three_public")], [], [2021, 2022, 2023], {}),
    ("会议费 by unit", "by_unit", [("会议费", "generic")], [], [], {}),
    (
        "昌吉州人民政府电子政务办公室三公经费明细",
        "value",
        [
            ("三公经费", "three_public"),
            ("因公出国（境）费", "three_public"),
            ("公务用车购置及运行费", "three_public"),
            ("公务用车购置费", "three_public"),
            ("公务用车运行费", "three_public"),
            ("公务接待费", "three_public"),
        ],
        [CHANGJI],
        [],
        {"detail": True},
    ),
    ("2022年各单位支出按功能分类", "breakdown", [], [], [2022], {"group": "unit"}),
    (
        "吉林市政务信息中心支出构成",
        "breakdown",
        [],
        [JILIN_CENTRE],
        [],
        {"code_system": "功能分类"},
    ),
    (
        "基本支出和项目支出 by unit 2022",
        "by_unit",
        [("基本支出", "total"), ("项目支出", "total")],
        [],
        [2022],
        {},
    ),
]


@pytest.mark.parametrize(("question", "template", "items", "units", "years", "extra"), CASES)
def test_interpretation(vocab, question, template, items, units, years, extra):
    interp = parse(question, vocab)
    assert interp.problem is None, interp.to_dict()
    assert interp.template == template
    assert [(i.label, i.family) for i in interp.items] == items
    assert sorted(interp.units) == sorted(units)
    assert interp.years == years
    for name, value in extra.items():
        assert getattr(interp, name) == value, name
    assert interp.unrecognised == [], interp.unrecognised
    assert interp.to_dict()["description"]


def test_three_public_keys_include_synonyms(vocab):
    interp = parse("公务用车运行费 2022", vocab)
    # one canonical key: the facts store 公务用车运行维护费 under 公务用车运行费 too
    assert interp.items[0].keys == ["公务用车运行费"]


def test_a_recognisable_part_of_several_units_names_them_all(vocab):
    interp = parse("政务服务和数字化建设 公务接待费", vocab)
    assert sorted(interp.units) == sorted([PROVINCE_CENTRE, LINJIANG])
    assert interp.unit_terms[0]["as"] == "unit_part"


def test_a_region_names_its_units(vocab):
    interp = parse("吉林市 各单位 公务接待费", vocab)
    assert sorted(interp.units) == sorted([JILIN_CENTRE, CPC_OFFICE])


def test_the_longest_reading_wins(vocab):
    # 政务服务热线 is an item of 中共吉林市委办公室; 政务服务 is also part of two unit names
    interp = parse("政务服务热线 by unit", vocab)
    assert [i.label for i in interp.items] == ["政务服务热线"]
    assert interp.units == []


def test_part_of_an_item_name_is_read_as_that_item(vocab):
    interp = parse("城乡基层治理 by unit", vocab)
    assert [i.label for i in interp.items] == ["吉林市城乡基层治理数字化平台建设"]
    assert interp.notes


def test_unrecognised_text_is_reported(vocab):
    interp = parse("公务接待费 by unit 2022 blah 火星", vocab)
    assert interp.template == "by_unit"
    assert interp.unrecognised == ["blah", "火星"]


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        (None, "empty"),
        ("公务接待费" * 50, "too_long"),
        ("x" * 100_000, "too_long"),
        ("asdf qwer", None),
    ],
)
def test_problems(vocab, question, problem):
    interp = parse(question, vocab)
    assert interp.problem == problem
    if problem:
        assert interp.template is None


def test_a_unit_the_database_does_not_have(vocab):
    interp = parse("长春市财政局 公务接待费 2022", vocab)
    assert interp.problem == "unknown_unit"
    assert interp.template is None
    assert "长春市财政局" in interp.to_dict()["description"]


def test_nonsense_is_not_a_figure_question(vocab):
    interp = parse("hello world", vocab)
    assert interp.template == "search"
    assert interp.items == []


def test_control_characters_are_dropped():
    assert clean("公务\x00接待费\u200b by\r\nunit") == "公务 接待费 by unit"


def test_checks_need_the_checks_table(vocab):
    interp = parse("哪些单位的三公经费前后不一致", vocab)
    assert interp.checks == "fail"
    assert interp.group == "unit"
    if not vocab.has_checks:
        assert interp.problem == "no_checks"
    else:
        assert interp.template == "checks"


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("5", "十", "十五", "二十", "三", "两")] == [
        5,
        10,
        15,
        20,
        3,
        2,
    ]


def test_folding():
    assert fold("“三公”经费（万元）") == "三公经费(万元)"
    assert compact("公务 接待费 BY Unit") == "公务接待费byunit"
    assert len("公务接待费" * 40) == MAX_QUESTION


@pytest.mark.parametrize(
    "question",
    [
        "'; drop table facts; --",
        "公务接待费' or '1'='1",
        '吉林市政务信息中心" union select * from documents --',
        "30217); delete from facts; --",
        "<script>alert(1)</script> 公务接待费",
    ],
)
def test_user_text_only_reaches_sql_as_parameters(vocab, question):
    interp = parse(question, vocab)
    if interp.template in (None, "search"):
        return
    query = templates_sql.build(interp)
    assert query.sql in templates_sql.all_templates().values()
    for fragment in ("drop", "delete", "'1'='1", "<script>", "sqlite_master"):
        assert fragment not in query.sql.lower()


@pytest.mark.parametrize("question", ["99999年公务接待费", "公务接待费超过100万元"])
def test_numbers_with_a_unit_are_not_subject_codes(vocab, question):
    interp = parse(question, vocab)
    assert not [i for i in interp.items if i.family == "code"]
