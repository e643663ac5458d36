"""Arithmetic down the subject codes of a table: 类 = its 款, 款 = its 项, 合计 = its 类.

Codes are prefixes (201 ⊃ 20103 ⊃ 2010350; 301 ⊃ 30101). A line's parent is the
longest code printed in the same table that is a proper prefix of its code, so a 项
whose 款 is not printed counts directly towards its 类. A 类 printed twice (once with
its code, once without) is counted once: only coded lines enter the sums, and the
uncoded repeat is compared with its coded twin instead (重复行一致).
"""

from __future__ import annotations

from .lines import TableLine, coded_lines, measures_of, normal_name, table_to_lines, total_line
from .load import DocumentData, TableData
from .model import FAIL, PASS, UNVERIFIABLE, CheckResult, Figure, compare, total_of

EXCLUDED = {"项目支出表", "三公经费表", "绩效目标表", "绩效自评表", "收支总表", "财政拨款收支总表"}
_MAX_LISTED = 6
_UNPLACED_ROWS = "表中另有抽取程序未能识别科目的行，可能含未计入的数"


def document_to_hierarchy_checks(document: DocumentData) -> list[CheckResult]:
    results: list[CheckResult] = []
    for table in document.tables:
        if table.statement and table.statement not in EXCLUDED and table.facts:
            results.extend(table_to_hierarchy_checks(table))
    return results


def table_to_hierarchy_checks(table: TableData) -> list[CheckResult]:
    lines = table_to_lines(table)
    by_code = coded_lines(lines)
    measures = measures_of(lines)
    children: dict[str | None, list[str]] = {}
    for code in by_code:
        children.setdefault(_parent(code, by_code), []).append(code)
    results: list[CheckResult] = []
    for parent, kids in children.items():
        if parent is None:
            continue
        check = "类=款之和" if len(parent) == 3 else "款=项之和"
        skipped = len(parent) == 3 and any(len(k) == 7 for k in kids)
        level = "下级科目" if skipped else ("款级科目" if len(parent) == 3 else "项级科目")
        for measure in measures:
            involved = [by_code[parent], *(by_code[k] for k in kids)]
            if any(measure in line.values for line in involved):
                result = _sum_check(
                    table, check, by_code[parent], [by_code[k] for k in kids], measure, level
                )
                if skipped:
                    result.detail += "（表中未列款级科目的项，直接计入类。）"
                results.append(result)
    top = children.get(None, [])
    total = total_line(lines)
    if total is not None and top:
        for measure in measures:
            involved = [total, *(by_code[k] for k in top)]
            if any(measure in line.values for line in involved):
                level = "类级科目" if all(len(k) == 3 for k in top) else "最高一级科目"
                results.append(
                    _sum_check(
                        table, "合计=各类之和", total, [by_code[k] for k in top], measure, level
                    )
                )
    results.extend(_repeats(table, lines, by_code))
    return results


def _parent(code: str, by_code: dict[str, TableLine]) -> str | None:
    for length in (5, 3):
        if length < len(code) and code[:length] in by_code:
            return code[:length]
    return None


def _sum_check(
    table: TableData, check: str, parent: TableLine, kids: list[TableLine], measure: str, level: str
) -> CheckResult:
    found = parent.figure(measure, f"{table.name}“{parent.name}”行{measure}")
    parts = [kid.figure(measure, kid.name) for kid in kids]
    summed = total_of(parts, f"其{len(kids)}个{level}之和", note=_listing(kids, parts))
    result = compare(check, f"{parent.name}（{measure}）", found, summed, statement=table.statement)
    if result.status == FAIL and table.unplaced_beyond([f.amount for f in parent.facts]):
        result.status = UNVERIFIABLE
        result.detail += _UNPLACED_ROWS + "，无法确认。"
    return result


def _listing(kids: list[TableLine], parts: list[Figure]) -> str:
    shown = [
        f"{kid.name}{'空白' if not part.facts else f'{part.value:g}'}"
        for kid, part in zip(kids, parts, strict=True)
    ]
    if len(shown) > _MAX_LISTED:
        return "（" + "、".join(shown[:_MAX_LISTED]) + f"等{len(kids)}项）"
    return "（" + "、".join(shown) + "）"


def _repeats(
    table: TableData, lines: list[TableLine], by_code: dict[str, TableLine]
) -> list[CheckResult]:
    """An uncoded line repeating a coded line's name must print the same figures."""
    named = {normal_name(line.item): line for line in by_code.values()}
    results: list[CheckResult] = []
    for line in lines:
        twin = named.get(normal_name(line.item))
        if line.code or line.is_total or twin is None:
            continue
        compared = [
            compare(
                "重复行一致",
                f"{twin.name}（{measure}）",
                line.figure(measure, f"{table.name}第{line.row}行未列编码的“{line.item}”{measure}"),
                twin.figure(measure, f"第{twin.row}行“{twin.name}”{measure}"),
                statement=table.statement,
            )
            for measure in measures_of([line, twin])
        ]
        bad = [r for r in compared if r.status != PASS]
        results.extend(bad or compared[:1])
    return results
