"""A figure of named units: ``吉林市政务信息中心 2022 项目支出``."""

from __future__ import annotations

from ..interpretation import Interpretation
from .figures import FigureQuestion


class ValueQuestion(FigureQuestion):
    name = "value"
    order = "order by unit, year, kind, label_rank\nlimit :limit"

    def recognises(self, interp: Interpretation) -> bool:
        return bool(interp.items)

    def how(self, interp: Interpretation) -> str:
        return "取每个文件中的一个数字"


QUESTION = ValueQuestion()
