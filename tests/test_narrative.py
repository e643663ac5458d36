"""Amounts read from narrative (情况说明) paragraphs: fixed phrasings, real corpus paragraphs,
and the figures that must never come out as amounts."""

from __future__ import annotations

import re

import pytest

from kb.facts.narrative import NarrativeAmount, paragraph_to_amounts, parse_number
from kb.vocabulary import THREE_PUBLIC_ITEMS, canonical_item

from .conftest import SAMPLES

KINDS = {"000": "预算", "001": "预算", "002": "决算", "003": "决算", "004": "预算"}


def triples(amounts: list[NarrativeAmount]) -> list[tuple[str, str | None, float]]:
    return [(a.item, a.measure, round(a.amount, 6)) for a in amounts]


# (paragraph, kind, expected (item, measure, amount) in order, nothing more)
PHRASES = [
    ('2022年"三公"经费预算数为51.28万元', None, [("三公经费", "预算数", 51.28)]),
    (
        "2022年“三公”经费预算数为51.28万元，比2021年预算数增加49.78万元。其中：",
        "预算",
        [("三公经费", "预算数", 51.28), ("三公经费", "比上年增减", 49.78)],
    ),
    ("1、因公出国（境）费0万元。", "预算", [("因公出国（境）费", "预算数", 0.0)]),
    ("1、因公出国（境）费0万元。", None, [("因公出国（境）费", None, 0.0)]),
    (
        "2、公务接待费51.28万元，比2021年预算数增加49.78万元。主要原因是党代会接待费用支出。",
        "预算",
        [("公务接待费", "预算数", 51.28), ("公务接待费", "比上年增减", 49.78)],
    ),
    (
        "2022 年支出预算 1346.7 万元，其中：基本支出 118 万元，占 9%；项目支出 1228.7 万元，"
        "占 91%。基本支出中，人员经费 107.1 万元，占 91%，公用经费 10.9 万元，占 9%。",
        "预算",
        [
            ("支出预算", "预算数", 1346.7),
            ("基本支出", "预算数", 118.0),
            ("项目支出", "预算数", 1228.7),
            ("人员经费", "预算数", 107.1),
            ("公用经费", "预算数", 10.9),
        ],
    ),
    (
        "2021年度，机关运行经费支出604.51万元，比年初预算数增加547.43万元，增长959.06%。",
        "决算",
        [("机关运行经费", "决算数", 604.51), ("机关运行经费", "比年初预算增减", 547.43)],
    ),
    (
        "2022 年政府采购预算总额 5545.2 万元，其中政府采购货物预算 5308.1 万元、"
        "政府采购工程预算 0 万元、政府采购服务预算 237.1 万元。",
        "预算",
        [
            ("政府采购", "预算数", 5545.2),
            ("政府采购货物", "预算数", 5308.1),
            ("政府采购工程", "预算数", 0.0),
            ("政府采购服务", "预算数", 237.1),
        ],
    ),
    (
        "2023 年度政府采购支出总额 42198.47 万元，其中：政府采购货物支出 0 万元、"
        "政府采购工程支出 0 万元、政府采购服务支出 42198.47 万元。",
        "决算",
        [
            ("政府采购", "合计", 42198.47),
            ("政府采购货物", "决算数", 0.0),
            ("政府采购工程", "决算数", 0.0),
            ("政府采购服务", "决算数", 42198.47),
        ],
    ),
    (
        "2021年度一般公共预算财政拨款支出年初预算为257.68万元，支出决算为721.33万元，"
        "完成年初预算的279.93%。其中：",
        "决算",
        [
            ("一般公共预算财政拨款支出", "年初预算", 257.68),
            ("一般公共预算财政拨款支出", "决算数", 721.33),
        ],
    ),
    (
        "7. 住房保障（类）住房改革（款）住房公积金（项），年初预算为 9.55 万元，"
        "支出决算为 11.33 元，完成年初预算的 118.64%。",
        "决算",
        [("住房公积金", "年初预算", 9.55), ("住房公积金", "决算数", 11.33)],
    ),
    (
        "2. 一般公共服务（类）政府办公厅（室）及相关机构事务（款）事业运行（项）。"
        "年初预算为 0.01 万元，支出决算为 45.84 万元，完成年初预算的 458400%。",
        "决算",
        [("事业运行", "年初预算", 0.01), ("事业运行", "决算数", 45.84)],
    ),
    (
        "2021年度“三公”经费财政拨款支出预算为0万元，支出决算为0万元，完成预算的100%。",
        "决算",
        [("三公经费", "预算数", 0.0), ("三公经费", "决算数", 0.0)],
    ),
    (
        "3. 公务接待费预算为0万元，支出决算为0万元，完成预算的0%。",
        "决算",
        [("公务接待费", "预算数", 0.0), ("公务接待费", "决算数", 0.0)],
    ),
    (
        "公用经费14.82万元，主要包括：办公费1.15万元、印刷费0.08万元、维修（护）费0.13万元、"
        "公务接待费0.17万元、公务用车运行维护费2万元、其他商品和服务支出0.85万元。",
        "预算",
        [
            ("公用经费", "预算数", 14.82),
            ("办公费", "预算数", 1.15),
            ("印刷费", "预算数", 0.08),
            ("维修（护）费", "预算数", 0.13),
            ("公务接待费", "预算数", 0.17),
            ("公务用车运行维护费", "预算数", 2.0),
            ("其他商品和服务支出", "预算数", 0.85),
        ],
    ),
    (
        "“三公”经费数为2.17万元，其中：因公出国（境）费0万元，公务用车购置0万元，"
        "公务用车运行费2万元，公务接待费0.17万元。",
        "预算",
        [
            ("三公经费", "预算数", 2.17),
            ("因公出国（境）费", "预算数", 0.0),
            ("公务用车购置", "预算数", 0.0),
            ("公务用车运行费", "预算数", 2.0),
            ("公务接待费", "预算数", 0.17),
        ],
    ),
    (
        "2023年度“三公”经费财政拨款支出决算中，因公出国（境）费支出决算为0万元，占0%；"
        "公务用车购置及运行费支出决算为0万元，占0%；公务接待费支出决算为0万元，占0%。",
        "决算",
        [
            ("因公出国（境）费", "决算数", 0.0),
            ("公务用车购置及运行费", "决算数", 0.0),
            ("公务接待费", "决算数", 0.0),
        ],
    ),
    (
        "一般公共服务（类）支出1317.9万元，占97.8%，主要用于保障职工工资。",
        "预算",
        [("一般公共服务支出", "预算数", 1317.9)],
    ),
    ("1.一般公共服务支出276.26万元，占88%。", "预算", [("一般公共服务支出", "预算数", 276.26)]),
    (
        "3.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）："
        "2022年预算数为14.41万元，比上年预算增加0.81万元，增长6%。",
        "预算",
        [
            ("机关事业单位基本养老保险缴费支出", "预算数", 14.41),
            ("机关事业单位基本养老保险缴费支出", "比上年增减", 0.81),
        ],
    ),
    (
        "基本支出144.96万元，占46%，比上年预算减少5.95万元，下降4%，主要原因一是……",
        "预算",
        [("基本支出", "预算数", 144.96), ("基本支出", "比上年增减", -5.95)],
    ),
    ("2021年度收、支总计各721.82万元。", "决算", [("收支总计", "合计", 721.82)]),
    (
        "本年收入合计704.06万元，其中：财政拨款收入703.95万元，占99.98%；其他收入0.11万元，占0.02%。",
        "决算",
        [
            ("本年收入", "合计", 704.06),
            ("财政拨款收入", "决算数", 703.95),
            ("其他收入", "决算数", 0.11),
        ],
    ),
    ("收支总预算314.96万元。", "预算", [("收支总预算", "预算数", 314.96)]),
    (
        "主要项目包括：1防火墙 金额：8.7万元。目标：为保障市政府1、2号楼等单位正常互联网安全办公。",
        "决算",
        [("防火墙", "项目金额", 8.7)],
    ),
    (
        "11.智慧城市网络线路使用费。金额40万元目标：投入40万元租赁联通公司网络线路，保持网络稳定使用。",
        "决算",
        [("智慧城市网络线路使用费", "项目金额", 40.0)],
    ),
    (
        "2.车辆1辆，价值28.96万元；其中：一般公务用车1辆，价值28.96万元。",
        "预算",
        [("车辆", "资产价值", 28.96), ("一般公务用车", "资产价值", 28.96)],
    ),
    # Printed number formats.
    ("本年支出合计1,346.7万元", "决算", [("本年支出", "合计", 1346.7)]),
    ("公务接待费14。41万元。", "预算", [("公务接待费", "预算数", 14.41)]),
    ("公务接待费１３．５万元", "预算", [("公务接待费", "预算数", 13.5)]),
    ("项目运维服务成本 2180. 66 万元", "预算", [("项目运维服务成本", "预算数", 2180.66)]),
    ("因公出国(境)费用0.5万元", "预算", [("因公出国(境)费用", "预算数", 0.5)]),
    # Not amounts: counts, thresholds, limits, percentages, a change with no subject.
    (
        "截止 2021 年末，本单位共有车辆 0 辆，其中，领导干部用车 0 辆、一般公务用车 0 辆。"
        "单位价值 200 万元以上大型设备 0 套。",
        "预算",
        [],
    ),
    ("2022 年单位预算安排购置车辆 0 辆，价值 200 万元以上大型设备 0 套。", "预算", []),
    ("共有车辆0辆；单位价值 100 万元（含）以上设备（不含车辆）5 台（套）。", "决算", []),
    ("公务接待费\t<=50万元\t≤29.2万元", "预算", []),
    ("按照规定做好应急物资储备，综合成本不高于3万元。", "预算", []),
    ("完成年初预算的279.93%，占本年支出合计的99.93%。", "决算", []),
    ("年预算减少 0.5 万元，下降 5%。", "预算", []),
    ("目标：投入18.77万元更换指挥大厅大屏幕配件。", "决算", []),
    ("共涉及资金487.54万元.", "决算", []),
    ("已完成投入\n\n18.77\n\n万元更换", "决算", []),  # table cells, one per line
]


@pytest.mark.parametrize(("text", "kind", "expected"), PHRASES)
def test_phrases(text, kind, expected):
    assert triples(paragraph_to_amounts(text, kind)) == expected


def test_classification_names_each_level():
    text = (
        "5. 社会保障和就业（类）行政事业单位养老（款）机关事业单位基本养老保险缴费（项），"
        "年初预算为 11.79 万元，支出决算为 14.18 万元"
    )
    amounts = paragraph_to_amounts(text, "决算")
    assert [a.classification for a in amounts] == [
        ("社会保障和就业", "行政事业单位养老", "机关事业单位基本养老保险缴费")
    ] * 2
    kuan_only = paragraph_to_amounts("国有企业资本金注入（款）支出0万元，占0%。", "预算")
    assert triples(kuan_only) == [("国有企业资本金注入支出", "预算数", 0.0)]
    assert kuan_only[0].classification == ("", "国有企业资本金注入")


def test_phrase_start_and_year():
    text = "按照综合预算的原则，2022 年收支总预算 1346.7 万元，比 2021 年增加 1255.7 万元。"
    total, change = paragraph_to_amounts(text, "预算")
    assert total.phrase == "2022 年收支总预算 1346.7 万元"
    assert text[total.start : total.start + len(total.phrase)] == total.phrase
    assert (total.year, change.year) == (2022, 2022)  # 2021 is the comparison, not the year
    assert change.phrase == "比 2021 年增加 1255.7 万元"


def test_yuan_among_wan_is_kept_with_a_note():
    text = "年初预算为 9.55 万元，支出决算为 11.33 元"
    heading = "7. 住房保障（类）住房改革（款）住房公积金（项），"
    budget, final = paragraph_to_amounts(heading + text, "决算")
    assert (budget.unit_printed, budget.note) == ("万元", None)
    assert (final.amount, final.unit_printed) == (11.33, "元")
    assert "misprint" in final.note


def test_yuan_paragraph_is_converted():
    (total,) = paragraph_to_amounts("本年收入合计1,234,567.89元。", "决算")
    assert (total.amount, total.unit_printed) == (123.456789, "元")
    assert "converted" in total.note


def test_unitless_figure_after_measure_is_noted():
    text = (
        "5.卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助（项）："
        "2022年预算数为2.7，比上年增加0.15万元，增长6%。"
    )
    budget, change = paragraph_to_amounts(text, "预算")
    assert (budget.item, budget.measure, budget.amount, budget.unit_printed) == (
        "公务员医疗补助",
        "预算数",
        2.7,
        "",
    )
    assert budget.note and "no unit" in budget.note
    assert (change.item, change.amount) == ("公务员医疗补助", 0.15)
    # Without any 万元 figure to go by, a bare number is not read at all.
    assert paragraph_to_amounts("2022年预算数为2.7，增长6%。", "预算") == []


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1,346.7", 1346.7),
        ("1，346.7", 1346.7),
        ("14。41", 14.41),
        ("１３４６．７", 1346.7),
        ("0", 0.0),
    ],
)
def test_parse_number(printed, value):
    assert parse_number(printed) == value


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("“三公”经费", "三公经费"),
        ('"三公"经费', "三公经费"),
        ("一般公共预算三公经费", "三公经费"),
        ("因公出国(境)费用", "因公出国（境）费"),
        ("因公出国（境）费", "因公出国（境）费"),
        ("因公出国境费", "因公出国（境）费"),
        ("公务用车购置及运行维护费", "公务用车购置及运行费"),
        ("公务用车购置", "公务用车购置费"),
        (
            "公务用车运行维护费",
            "公务用车运行费",
        ),  # one key for the table's and the narrative's spelling
        ("公务接待费支出", "公务接待费"),
        ("公务接待费（含外事接待）", "公务接待费"),
        ("基本 支出", "基本支出"),
    ],
)
def test_canonical_item(printed, canonical):
    assert canonical_item(printed) == canonical


def test_three_public_items_are_their_own_canonical_form():
    assert all(canonical_item(item) == item for item in THREE_PUBLIC_ITEMS)


# --- real paragraphs from the sample disclosures --------------------------------------------


def corpus_line(key: str, substring: str) -> str:
    """The one line of a sample that contains substring."""
    lines = [line for line in SAMPLES[key].read_text("utf-8").splitlines() if substring in line]
    assert len(lines) == 1, f"{substring!r} is on {len(lines)} lines of sample {key}"
    return lines[0]


def corpus_amounts(key: str, substring: str) -> list[tuple[str, str | None, float]]:
    return triples(paragraph_to_amounts(corpus_line(key, substring), KINDS[key]))


@pytest.mark.parametrize(
    ("key", "substring", "expected"),
    [
        ("000", "“三公”经费预算数为", ("三公经费", "预算数", 0.1)),
        ("000", "政府采购预算总额", ("政府采购", "预算数", 1178.0)),
        ("001", "2、公务接待费", ("公务接待费", "预算数", 51.28)),
        ("001", "“三公”经费预算数为", ("三公经费", "预算数", 51.28)),
        ("002", "政府采购支出总额", ("政府采购", "合计", 42198.47)),
        ("002", "住房公积金（项）", ("住房公积金", "决算数", 11.33)),
        ("002", "支出年初预算为 6655.58", ("一般公共预算财政拨款支出", "年初预算", 6655.58)),
        ("003", "机关运行经费支出604.51", ("机关运行经费", "决算数", 604.51)),
        ("003", "支出年初预算为257.68", ("一般公共预算财政拨款支出", "年初预算", 257.68)),
        ("003", "支出年初预算为257.68", ("一般公共预算财政拨款支出", "决算数", 721.33)),
        (
            "003",
            "1.一般公共服务政府办公厅",
            ("一般公共服务政府办公厅（室）及相关机构事务行政运行", "决算数", 721.33),
        ),
        ("003", "收、支总计各721.82", ("收支总计", "合计", 721.82)),
        ("003", "本年收入合计704.06", ("财政拨款收入", "决算数", 703.95)),
        ("004", "公用经费14.82万元", ("公务接待费", "预算数", 0.17)),
        ("004", "公用经费14.82万元", ("公务用车运行维护费", "预算数", 2.0)),
        ("004", "经费数为2.17万元", ("公务用车运行费", "预算数", 2.0)),
        ("004", "经费数为2.17万元", ("公务接待费", "预算数", 0.17)),
        ("004", "经费数为2.17万元", ("三公经费", "预算数", 2.17)),
        (
            "004",
            "基本养老保险缴费支出（项）",
            ("机关事业单位基本养老保险缴费支出", "预算数", 14.41),
        ),
        ("004", "管理。收支总预算314.96", ("收支总预算", "预算数", 314.96)),
    ],
)
def test_corpus_paragraph(key, substring, expected):
    assert expected in corpus_amounts(key, substring)


def test_corpus_change_is_never_the_items_value():
    amounts = corpus_amounts("001", "2、公务接待费")
    assert amounts == [("公务接待费", "预算数", 51.28), ("公务接待费", "比上年增减", 49.78)]


def test_corpus_percentages_counts_and_thresholds_are_not_amounts():
    assert [a for _, _, a in corpus_amounts("000", "2022 年支出预算 1346.7")] == [
        1346.7,
        118.0,
        1228.7,
        107.1,
        10.9,
    ]
    assert corpus_amounts("000", "截止 2021 年末") == []
    assert corpus_amounts("000", "2022 年单位预算安排购置车辆") == []
    assert corpus_amounts("002", "截至 2023 年 12 月 31 日") == []
    assert corpus_amounts("004", "单位价值50万元以上大型设备1套") == []


def test_corpus_three_public_final_accounts():
    amounts = corpus_amounts("002", "“三公”经费财政拨款支出预算为")
    assert amounts == [("三公经费", "预算数", 0.0), ("三公经费", "决算数", 0.0)]
    assert corpus_amounts("003", "3.公务接待费预算为") == [
        ("公务接待费", "预算数", 0.0),
        ("公务接待费", "决算数", 0.0),
    ]


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_every_corpus_amount_is_a_printed_number(key):
    """Over every line of every sample: each amount is the number its phrase ends with."""
    text = SAMPLES[key].read_text("utf-8")
    factor = {"万元": 1.0, "万": 1.0, "": 1.0, "亿元": 10000.0, "千元": 0.1}
    count = 0
    for line in text.splitlines():
        for amount in paragraph_to_amounts(line, KINDS[key]):
            count += 1
            assert line[amount.start : amount.start + len(amount.phrase)] == amount.phrase
            printed = re.search(r"([\d,，.。．０-９ ]+?)\s*(万元|亿元|千元|元|万)?$", amount.phrase)
            assert printed is not None
            assert (printed.group(2) or "") == amount.unit_printed
            value = parse_number(printed.group(1))
            if amount.unit_printed == "元" and "converted" in (amount.note or ""):
                value /= 10000
            else:
                value *= factor.get(amount.unit_printed, 1.0)
            assert abs(amount.amount) == pytest.approx(value)
            assert "%" not in amount.phrase[-3:]
    assert count > 40


@pytest.mark.parametrize(
    "text, expected",
    [
        # 无锡 and 长沙 PDFs: decreases said with 降低 and 减少了 are changes, not budgets.
        (
            "2025年“三公”经费预算较上年总体降低38.17万元，其中公务接待费较上年降低1.17万元。",
            [("三公经费", "比上年增减", -38.17), ("公务接待费", "比上年增减", -1.17)],
        ),
        ("一般公共预算支出比上年减少了1237.7万元", [("一般公共预算支出", "比上年增减", -1237.7)]),
    ],
)
def test_decreases_in_other_words(text, expected):
    assert [(a.item, a.measure, a.amount) for a in paragraph_to_amounts(text, "预算")] == expected


def test_canonical_item_drops_a_measure_suffix_of_a_three_public_item():
    # 西安人社 2020: “三公”经费预算合计 29.30万元 is the 三公经费, stated as a budget.
    assert canonical_item("三公经费预算") == "三公经费"
    assert canonical_item("“三公”经费决算数") == "三公经费"
    assert canonical_item("支出预算") == "支出预算"  # not a 三公 item: tidied only
