"""The build's own checks: ``哪些单位的三公经费前后不一致``, ``吉林市政务信息中心检查结果``."""

from __future__ import annotations

from collections import OrderedDict

from ..interpretation import Interpretation
from .base import MAX_ROWS, Query, QuestionType, query, to_json

CHECKS = """select c.id, c.document_id, c.unit, c.year, c."check", c.statement, c.subject,
       c.expected, c.found, c.difference, c.status, c.detail, c.segment_id, c.page
from checks c
where (:units is null or c.unit in (select value from json_each(:units)))
  and (:years is null or c.year in (select value from json_each(:years)))
  and (:status is null or c.status = :status)
  and (:terms is null or exists (
        select 1 from json_each(:terms) t
        where instr(coalesce(c.subject, '') || ' ' || coalesce(c."check", '') || ' '
                    || coalesce(c.statement, '') || ' ' || coalesce(c.detail, ''), t.value) > 0))
  and (:figures_only = 0 or (c.expected is not null and c.found is not null))
  and (:missing = 0 or (c."check" = '必备表格' and c.presence = 'missing'))
order by c.unit, c.year,
         case c.status when 'fail' then 0 when 'unverifiable' then 1 else 2 end, c.id
limit :limit"""

STATUS_WORDS = {"fail": "未通过", "unverifiable": "无法核实", "pass": "通过"}


class ChecksQuestion(QuestionType):
    name = "checks"
    slots = ("checks", "items", "units", "years")

    def recognises(self, interp: Interpretation) -> bool:
        return bool(interp.checks)

    def unavailable(self, vocab) -> str | None:
        return None if vocab.has_checks else "no_checks"

    def templates(self) -> dict[str, str]:
        return {"checks": CHECKS}

    def query(self, interp: Interpretation, max_rows: int = MAX_ROWS) -> Query:
        terms = None
        if interp.items:
            item = interp.items[0]
            terms = ["三公"] if item.label == "三公经费" else sorted({item.label, *item.keys})
        values = {
            "units": to_json(interp.units or None),
            "years": to_json(interp.years or None),
            "status": "fail" if interp.checks == "fail" else None,
            "terms": to_json(terms),
            "limit": max_rows,
            # 不一致: two figures that differ, not a table that is missing
            "figures_only": 1 if interp.checks == "fail" else 0,
            "missing": 1 if interp.checks == "missing" else 0,
        }
        return query("checks", CHECKS, values)

    def how(self, interp: Interpretation) -> str:
        return {"fail": "不一致（未通过）的检查", "missing": "缺少的表格（必备表格检查）"}.get(
            interp.checks or "", "检查结果"
        )

    def shape(self, conn, answer, results: list[dict], links) -> None:
        answer.columns = [
            "unit",
            "year",
            "check",
            "statement",
            "subject",
            "expected",
            "found",
            "gap",
            "status",
            "detail",
            "check_id",
        ]
        for r in results:
            answer.rows.append(
                [
                    r["unit"],
                    r["year"],
                    r["check"],
                    r["statement"],
                    r["subject"],
                    r["expected"],
                    r["found"],
                    r["difference"],
                    r["status"],
                    r["detail"],
                    r["id"],
                ]
            )
            source = {
                "check_id": r["id"],
                "url": links.row("checks", r["id"]),
                "page": r.get("page"),
                "segment_id": r.get("segment_id"),
                "segment_url": links.row("segments", r["segment_id"])
                if r.get("segment_id")
                else None,
            }
            answer.sources.append([source])
        units = list(OrderedDict.fromkeys(r["unit"] for r in results))
        if answer.interpretation.checks == "missing":
            listed = "、".join(
                f"{r['unit']}（{r['year']}年缺{r['subject']}）" for r in results[:10]
            )
            answer.summary = (
                f"{len(units)} 个单位的文件缺少所问的表格：{listed}"
                + ("等。" if len(results) > 10 else "。")
                if results
                else "没有缺少所问表格的文件。"
            )
            return
        if answer.interpretation.checks == "fail":
            listed = "、".join(units[:10]) + ("等" if len(units) > 10 else "")
            answer.summary = (
                f"{len(units)} 个单位有前后不一致（未通过）的检查：{listed}。"
                if units
                else "没有前后不一致的检查。"
            )
            return
        counts = {
            status: sum(1 for r in results if r["status"] == status) for status in STATUS_WORDS
        }
        words = "，".join(f"{word} {counts[s]} 项" for s, word in STATUS_WORDS.items() if counts[s])
        answer.summary = (words + "。") if words else None


QUESTION = ChecksQuestion()
