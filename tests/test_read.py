"""Reading the five sample disclosures: layout, metadata, segments, tables, glossary."""

from __future__ import annotations

import pytest

from kb.build import bytes_to_document

from .conftest import SAMPLES

EXPECTED_METADATA = {
    "000": ("tsv", "吉林市政务信息中心", 2022, "预算", "单位", "吉林市"),
    "001": ("tsv", "中共吉林市委办公室", 2022, "预算", "部门", "吉林市"),
    "002": ("markdown", "吉林省政务服务和数字化建设服务中心", 2023, "决算", "部门", "吉林省"),
    "003": ("cells", "临江市政务服务和数字化建设管理局", 2021, "决算", "部门", "临江市"),
    "004": ("tab_cells", "昌吉州人民政府电子政务办公室", 2022, "预算", "单位", "昌吉州"),
}
GLOSSARY_COUNTS = {"000": 7, "001": 17, "002": 13, "003": 10, "004": 6}


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_layout_and_metadata(documents, key):
    layout, unit, year, kind, scope, region = EXPECTED_METADATA[key]
    document = documents[key]
    meta = document.metadata
    assert document.layout == layout
    assert (meta.unit, meta.year, meta.kind, meta.scope, meta.region) == (
        unit,
        year,
        kind,
        scope,
        region,
    )
    assert document.warnings == []


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_glossary_counts(documents, key):
    assert len(documents[key].glossary) == GLOSSARY_COUNTS[key]


def test_glossary_terms_and_joined_definitions(documents):
    terms = {s.term: s.definition for s in documents["001"].glossary}
    assert terms["一般公共预算拨款收入"] == "指市级财政通过当年一般公共预算拨付的资金。"
    # (十六) runs over a blank line in the middle of a sentence.
    assert terms["“三公”经费"].endswith(
        "公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。"
    )
    assert "公务用车购置及运行费反映" in terms["“三公”经费"]
    # 002 prints terms in bold and skips 七、 in its numbering.
    bold = [s.term for s in documents["002"].glossary]
    assert bold[:2] == ["财政拨款收入", "其他收入"]
    assert "“三公”经费" in bold and "住房公积金" in bold
    # 000 mixes bold and plain terms.
    plain = [s.term for s in documents["000"].glossary]
    assert plain == [
        "一般公共预算拨款收入",
        "其他收入",
        "上年结转",
        "基本支出",
        "项目支出",
        "“三公”经费",
        "运行经费",
    ]


def test_signature_after_glossary_is_not_a_definition(documents):
    last = documents["004"].glossary[-1]
    assert last.term == "机关运行经费"
    assert "2022年2月12日" not in last.definition


def _tables(document, statement):
    return [t for t in document.tables if t.statement == statement]


def test_tab_separated_tables_000(documents):
    document = documents["000"]
    (basic,) = _tables(document, "基本支出表")
    assert basic.number == "预算表6"
    assert basic.title == "吉林市政务信息中心本年一般公共预算基本支出表"
    assert basic.unit == "万元"
    coded = [row for row in basic.rows if row[0].isdigit()]
    assert len(coded) == 14
    assert ["30217", "公务接待费", "0.1", "", "0.1"] in basic.rows
    (summary,) = _tables(document, "收支总表")
    assert summary.number == "预算表1"
    assert summary.rows[0] == ["一、财政拨款收入", "1346.7", "一、一般公共服务支出", "1317.9"]
    assert summary.rows[-1] == ["收 入 总 计", "1346.7", "支 出 总 计", "1346.7"]
    (three,) = _tables(document, "三公经费表")
    assert three.number is None  # 000 prints no number for this table
    assert three.rows[:3] == [
        ["合 计", "0.1"],
        ["1、因公出国（境）费用", ""],
        ["2、公务接待费", "0.1"],
    ]
    (fund,) = _tables(document, "政府性基金")
    assert fund.is_empty()


def test_tables_without_titles_001(documents):
    document = documents["001"]
    statements = [t.statement for t in document.tables[:6]]
    assert statements == [
        "收支总表",
        "收入总表",
        "支出总表",
        "财政拨款收支总表",
        "一般公共预算支出表",
        "项目支出表",
    ]
    # The title and unit of 001's tables sit in their first row.
    assert document.tables[0].title == "中共吉林市委办公室收支总表"
    assert document.tables[0].unit == "万元"
    assert document.tables[3].number == "预算表4"
    # The project table has no title at all: recognised by its header.
    projects = document.tables[5]
    assert projects.title is None
    assert projects.rows[0][:5] == ["合计", "", "", "", "5734.20"]
    assert len(projects.rows) == 22
    assert not _tables(document, "基本支出表") and not _tables(document, "三公经费表")


def test_markdown_tables_002(documents):
    document = documents["002"]
    numbers = [t.number for t in document.tables[:9]]
    assert numbers == [f"公开0{i}表" for i in range(1, 10)]
    (basic,) = _tables(document, "基本支出表")
    assert basic.title == "一般公共预算财政拨款基本支出决算明细表"
    assert basic.header[1][:3] == ["科目编码", "科目名称", "决算数"]
    side_by_side = next(r for r in basic.rows if r[0] == "30112")
    assert side_by_side[:6] == ["30112", "其他社会保险缴费", "2.78", "30211", "差旅费", "10.11"]
    (summary,) = _tables(document, "收支总表")
    assert summary.rows[0][:3] == ["一、一般公共预算财政拨款收入", "1", "42,590.81"]
    assert len(_tables(document, "绩效自评表")) == 14


def test_cell_per_line_tables_003(documents):
    document = documents["003"]
    assert len(document.tables) == 11
    assert {t.title for t in document.tables} == {"项目支出绩效自评表（2021年度）"}
    first = document.tables[0]
    assert first.rows[0][:2] == ["项目名称", "防火墙"]
    assert ["其中：当年财政拨款", "8.7", "8.7", "8.7", "―", "100%", "―"] in first.rows


def test_split_code_cells_004(documents):
    document = documents["004"]
    assert [t.number for t in document.tables[:9]] == [f"表{i}" for i in range(1, 10)]
    (basic,) = _tables(document, "基本支出表")
    assert basic.title == "一般公共预算基本支出情况表"
    assert ["302", "17", "公务接待费", "0.17", "", "0.17"] in basic.rows
    (spending,) = _tables(document, "一般公共预算支出表")
    # Empty cells are kept where the extraction kept them, trailing ones too.
    assert ["201", "03", "50", "事业运行", "106.26", "106.26", ""] in spending.rows
    assert [
        "201",
        "03",
        "99",
        "其他政府（室）及相关机构事务支出",
        "170",
        "",
        "170",
    ] in spending.rows
    assert spending.rows[-1] == ["", "", "", "合 计", "314.96", "144.06", "170"]
    (three,) = _tables(document, "三公经费表")
    assert three.rows == [["2.17", "0", "2.17", "0", "2", "0.17"]]


def test_headings_carry_their_section_path(documents):
    headings = [s for s in documents["000"].segments if s.kind == "heading"]
    three = next(h for h in headings if h.text == "七、2022年一般公共预算拨款“三公”经费情况")
    assert three.section == "第三部分 情况说明 > 七、2022年一般公共预算拨款“三公”经费情况"
    assert three.level == 2
    sub = next(s for s in documents["004"].segments if s.text == "（一）机关运行经费情况")
    assert sub.section == (
        "第三部分 2022年部门（单位）预算情况说明 > 十、其他重要事项的情况说明 > （一）机关运行经费情况"
    )
    # A numbered sentence is a paragraph, not a heading.
    assert not any(
        h.text.startswith("二、负责全市行政审批")
        for h in documents["003"].segments
        if h.kind == "heading"
    )


def test_broken_lines_are_joined_back(documents):
    paragraphs = [s.text for s in documents["000"].segments if s.kind == "paragraph"]
    assert any(p.endswith("福利费、其他商品和服务支出。") for p in paragraphs)
    assert (
        "2022年单位运行经费财政拨款预算10.9万元，比2021年预算减少 0.5 万元，下降 5%。" in paragraphs
    )
    # The table of contents is kept as one segment, not as headings.
    toc = [s for s in documents["000"].segments if s.section == "目录"]
    assert len(toc) == 1 and "第四部分 名词解释" in toc[0].text


def test_gb18030_copy_reads_like_the_original(documents):
    original = documents["000"]
    data = SAMPLES["000"].read_text("utf-8").encode("gb18030")
    copy = bytes_to_document(data, "copy.txt")
    assert copy.encoding == "gb18030"
    assert copy.metadata == original.metadata
    assert [(s.kind, s.section, s.text) for s in copy.segments] == [
        (s.kind, s.section, s.text) for s in original.segments
    ]
