"""Checks on documents built directly from facts: unplaced figures, repeated codes, other
funds, tolerance, and a unit's 预算 and 决算 of the same year side by side."""

from __future__ import annotations

import itertools

import pytest

from kb.checks import documents_to_outcome
from kb.checks.across import document_to_cross_checks
from kb.checks.hierarchy import table_to_hierarchy_checks
from kb.checks.load import DocumentData, TableData, merge_continuations
from kb.checks.model import FactRow, Figure, compare, of_fact, precision_of
from kb.checks.within import table_to_row_checks

_ids = itertools.count(1)


def fact(statement, item, measure, amount, code=None, row=1, segment=1, **extra) -> FactRow:
    values = {
        "id": next(_ids),
        "document_id": extra.pop("document_id", 1),
        "statement": statement,
        "code": code,
        "item": item,
        "measure": measure,
        "amount": amount,
        "source": extra.pop("source", "table"),
        "segment_id": segment,
        "row": row,
        "printed": extra.pop("printed", f"{amount:.2f}"),
        "item_key": extra.pop("item_key", item),
        "table_unit": "万元",
    }
    values.update(extra)
    return FactRow(**values)


def table(
    statement: str, facts: list[FactRow], segment: int = 1, number: str | None = None
) -> TableData:
    return TableData(segment, statement, statement, number, None, None, 0, facts=facts)


def spending_rows(statement: str, rows: list[tuple], segment: int = 1) -> list[FactRow]:
    """rows of (code, item, 合计, 基本支出, 项目支出); None is a blank cell."""
    out = []
    for number, (code, item, *values) in enumerate(rows, start=1):
        for measure, value in zip(("合计", "基本支出", "项目支出"), values, strict=True):
            if value is not None:
                out.append(
                    fact(statement, item, measure, value, code=code, row=number, segment=segment)
                )
    return out


def statuses(results) -> dict[str, str]:
    return {r.subject: r.status for r in results}


def test_figure_without_a_column_is_never_failed():
    facts = spending_rows("支出总表", [(None, "合计", 100.0, 60.0, 30.0)])
    facts.append(fact("支出总表", "合计", None, 10.0, note="column not determined"))
    (result,) = table_to_row_checks(table("支出总表", facts))
    assert (result.status, result.found, result.expected) == ("unverifiable", 100.0, 90.0)
    assert "未能确定所在栏目" in result.detail


def test_figure_placed_by_arithmetic_is_not_its_own_proof():
    facts = spending_rows("支出总表", [(None, "合计", 100.0, 60.0, None)])
    facts.append(
        fact(
            "支出总表",
            "合计",
            "项目支出",
            40.0,
            note="column placed by the table's arithmetic (cells missing in the source)",
            flags=("placed_by_arithmetic",),
        )
    )
    (result,) = table_to_row_checks(table("支出总表", facts))
    assert result.status == "unverifiable" and "按表内算术补定" in result.detail


def test_code_printed_twice_with_different_figures_is_unverifiable():
    facts = spending_rows(
        "一般公共预算支出表",
        [
            ("201", "一般公共服务支出", 100.0, 100.0, None),
            ("201", "一般公共服务支出", 90.0, 90.0, None),
            ("2010350", "事业运行", 90.0, 90.0, None),
        ],
    )
    results = table_to_hierarchy_checks(table("一般公共预算支出表", facts))
    assert {r.status for r in results if r.check == "类=款之和"} == {"unverifiable"}


def test_uncoded_repeat_is_counted_once():
    facts = spending_rows(
        "一般公共预算支出表",
        [
            (None, "合计", 100.0, 100.0, None),
            ("201", "一般公共服务支出", 100.0, 100.0, None),
            (None, "一般公共服务支出", 100.0, 100.0, None),
            ("2010350", "事业运行", 100.0, 100.0, None),
        ],
    )
    results = table_to_hierarchy_checks(table("一般公共预算支出表", facts))
    total = [r for r in results if r.check == "合计=各类之和" and r.subject == "合计（合计）"]
    assert [(r.status, r.found, r.expected) for r in total] == [("pass", 100.0, 100.0)]
    assert [r.status for r in results if r.check == "重复行一致"] == ["pass"]


def test_a_column_the_table_does_not_have_is_not_read_as_zero():
    facts = [
        fact("一般公共预算支出表", "合计", "合计", 50.0),
        fact("一般公共预算支出表", "合计", "基本支出", 50.0),
    ]
    results = table_to_row_checks(table("一般公共预算支出表", facts))
    assert [(r.check, r.status) for r in results] == [("合计=基本+项目", "pass")]
    assert not [r for r in results if r.check == "基本=人员+公用"]


def test_tolerance_follows_the_printed_precision():
    tenth = fact("支出总表", "a", "合计", 118.1, printed="118.1")
    hundredth = fact("支出总表", "b", "合计", 118.06, printed="118.06")
    assert precision_of(tenth) == 0.1 and precision_of(hundredth) == 0.01
    assert (
        precision_of(
            fact("情况说明", "x", "预算数", 118.0, source="narrative", printed="基本支出 118 万元")
        )
        == 0.01
    )
    assert precision_of(
        fact("支出总表", "c", "合计", 0.0012, printed="12", table_unit="元")
    ) == pytest.approx(1e-4)
    close = compare("x", "s", of_fact(tenth, "A"), of_fact(hundredth, "B"))
    assert (close.status, close.tolerance) == ("pass", pytest.approx(0.055001))
    far = compare(
        "x", "s", of_fact(fact("支出总表", "d", "合计", 118.08), "A"), of_fact(hundredth, "B")
    )
    assert (far.status, far.difference, far.tolerance) == ("fail", 0.02, pytest.approx(0.010001))
    zero = compare(
        "x",
        "s",
        Figure(0.0, "A", blanks=1),
        of_fact(fact("支出总表", "e", "合计", 0.0, printed="0.00"), "B"),
    )
    assert (zero.status, zero.tolerance) == ("pass", pytest.approx(1e-6))


def document(
    kind: str,
    tables: list[TableData],
    narrative: list[FactRow] = (),
    doc_id: int = 1,
    year: int = 2023,
) -> DocumentData:
    return DocumentData(
        doc_id,
        "某单位",
        year,
        kind,
        f"某单位{year}年部门{kind}",
        f"{doc_id}.txt",
        tables=tables,
        narrative=list(narrative),
    )


def test_all_funds_table_may_exceed_general_budget_table():
    """支出总表 covers 单位资金 too: more than 一般公共预算支出表 is unverifiable, less is a contradiction."""
    summary = table(
        "收支总表",
        [
            fact("收支总表", "单位资金收入", "预算数", 20.0, segment=3),
            fact("收支总表", "本年收入合计", "预算数", 120.0, segment=3),
        ],
        segment=3,
    )
    total = table(
        "支出总表",
        spending_rows(
            "支出总表",
            [(None, "合计", 120.0, 80.0, 40.0), ("201", "一般公共服务支出", 90.0, 50.0, 40.0)],
            segment=4,
        ),
        segment=4,
    )
    general = table(
        "一般公共预算支出表",
        spending_rows(
            "一般公共预算支出表",
            [(None, "合计", 100.0, 60.0, 40.0), ("201", "一般公共服务支出", 100.0, 60.0, 40.0)],
            segment=5,
        ),
        segment=5,
    )
    results = [
        r
        for r in document_to_cross_checks(document("预算", [summary, total, general]))
        if r.check == "支出总表=一般公共预算支出表"
    ]
    assert statuses(results) == {
        "合计（合计）": "unverifiable",
        "合计（基本支出）": "unverifiable",
        "合计（项目支出）": "pass",
        "201一般公共服务支出（合计）": "fail",
        "201一般公共服务支出（基本支出）": "fail",
        "201一般公共服务支出（项目支出）": "pass",
    }


def budget_and_actual(initial: float) -> list[DocumentData]:
    planned = document(
        "预算",
        [
            table(
                "一般公共预算支出表",
                spending_rows(
                    "一般公共预算支出表",
                    [
                        (None, "合计", 100.0, 60.0, 40.0),
                        ("201", "一般公共服务支出", 100.0, 60.0, 40.0),
                    ],
                    segment=10,
                ),
                segment=10,
            ),
            table(
                "三公经费表",
                [fact("三公经费表", "合计", "预算数", 5.0, segment=11, item_key="三公经费")],
                segment=11,
            ),
        ],
        doc_id=1,
    )
    section = "第三部分 决算情况说明 > 五、一般公共预算财政拨款支出决算情况说明 > （三）具体情况"
    said = [
        fact(
            "情况说明",
            "一般公共预算财政拨款支出",
            "年初预算",
            initial,
            segment=30,
            source="narrative",
            section=section,
            document_id=2,
            printed=f"年初预算为{initial}万元",
        ),
        fact(
            "情况说明",
            "一般公共预算财政拨款支出",
            "决算数",
            90.0,
            segment=30,
            source="narrative",
            section=section,
            document_id=2,
            printed="支出决算为90万元",
        ),
    ]
    spent = document(
        "决算",
        [
            table(
                "一般公共预算支出表",
                spending_rows(
                    "一般公共预算支出表",
                    [
                        (None, "合计", 90.0, 58.0, 32.0),
                        ("201", "一般公共服务支出", 90.0, 58.0, 32.0),
                    ],
                    segment=20,
                ),
                segment=20,
            ),
            table(
                "三公经费表",
                [
                    fact(
                        "三公经费表",
                        "合计",
                        "决算数",
                        4.0,
                        segment=21,
                        item_key="三公经费",
                        document_id=2,
                    )
                ],
                segment=21,
            ),
        ],
        narrative=said,
        doc_id=2,
    )
    return [planned, spent]


def test_budget_and_actual_documents_side_by_side():
    outcome = documents_to_outcome(budget_and_actual(100.0))
    rows = {
        (p.basis, p.item): (p.budget, p.actual, p.difference, p.execution_rate)
        for p in outcome.pairs
    }
    assert rows == {
        ("决算情况说明", "一般公共预算财政拨款支出"): (100.0, 90.0, -10.0, 90.0),
        ("预算与决算文件", "一般公共预算支出合计"): (100.0, 90.0, -10.0, 90.0),
        ("预算与决算文件", "基本支出"): (60.0, 58.0, -2.0, 96.67),
        ("预算与决算文件", "项目支出"): (40.0, 32.0, -8.0, 80.0),
        ("预算与决算文件", "一般公共服务支出"): (100.0, 90.0, -10.0, 90.0),
        ("预算与决算文件", "三公经费"): (5.0, 4.0, -1.0, 80.0),
    }
    cross = next(p for p in outcome.pairs if p.item == "一般公共服务支出")
    assert (cross.document_id, cross.budget_document_id, cross.code) == (2, 1, "201")
    (initial,) = [r for _d, r in outcome.checks if r.check == "年初预算=预算文件"]
    assert (initial.status, initial.found, initial.expected) == ("pass", 100.0, 100.0)


def test_initial_budget_contradicting_the_budget_document():
    outcome = documents_to_outcome(budget_and_actual(105.0))
    (initial,) = [r for _d, r in outcome.checks if r.check == "年初预算=预算文件"]
    assert (initial.status, initial.found, initial.expected, initial.difference) == (
        "fail",
        105.0,
        100.0,
        5.0,
    )
    assert (
        initial.detail
        == "决算情况说明中一般公共预算财政拨款支出年初预算为105.00万元，而2023年预算文件一般公共预算支出表支出合计为100.00万元，相差5.00万元。"
    )


def test_table_continued_on_the_next_page_is_one_table():
    first = table(
        "一般公共预算支出表",
        spending_rows(
            "一般公共预算支出表",
            [(None, "合计", 100.0, 100.0, None), ("201", "一般公共服务支出", 60.0, 60.0, None)],
            segment=1,
        ),
        segment=1,
    )
    second = table(
        "一般公共预算支出表",
        spending_rows(
            "一般公共预算支出表", [("208", "社会保障和就业支出", 40.0, 40.0, None)], segment=2
        ),
        segment=2,
    )
    (merged,) = merge_continuations([first, second])
    total = [r for r in table_to_hierarchy_checks(merged) if r.subject == "合计（合计）"]
    assert [(r.status, r.found, r.expected) for r in total] == [("pass", 100.0, 100.0)]
    other = table("基本支出表", [], segment=3)
    assert len(merge_continuations([first, other, second])) == 3
