"""The words of questions, besides the database's own names and the disclosure
vocabulary (``kb.vocabulary``): what people type for an item (aliases), and the keywords
for grouping, ranking, comparing, measures, code systems and checks. Surfaces are written
as people type them; the parser folds them (NFKC, lower case, no quotes or spaces).
"""

from __future__ import annotations

# --- items ---------------------------------------------------------------------------

# Item labels a question can resolve to beyond the facts' own item keys: the “三公”
# items (kb.vocabulary.THREE_PUBLIC_ITEMS, whose figures come from the 三公经费表, else the
# 情况说明) and the totals (kb.vocabulary.TOTALS, columns of a table's 合计 row).

# Alias -> canonical label (a THREE_PUBLIC label, a TOTALS label or an item_key).
ALIASES: dict[str, str] = {
    # 三公
    "三公": "三公经费",
    "三公经费": "三公经费",
    "“三公”经费": "三公经费",
    "三公经费支出": "三公经费",
    "三公支出": "三公经费",
    "接待费": "公务接待费",
    "接待费用": "公务接待费",
    "接待经费": "公务接待费",
    "公务接待": "公务接待费",
    "接待": "公务接待费",
    "出国": "因公出国（境）费",
    "出国费": "因公出国（境）费",
    "出国经费": "因公出国（境）费",
    "出国境费": "因公出国（境）费",
    "因公出国": "因公出国（境）费",
    "因公出国费": "因公出国（境）费",
    "因公出国境费": "因公出国（境）费",
    "因公出国(境)费": "因公出国（境）费",
    "出国(境)费": "因公出国（境）费",
    "公车": "公务用车购置及运行费",
    "公车费": "公务用车购置及运行费",
    "公车经费": "公务用车购置及运行费",
    "公务用车": "公务用车购置及运行费",
    "公务用车费": "公务用车购置及运行费",
    "车辆购置及运行费": "公务用车购置及运行费",
    "公车购置": "公务用车购置费",
    "公车购置费": "公务用车购置费",
    "购车": "公务用车购置费",
    "购车费": "公务用车购置费",
    "公务用车购置": "公务用车购置费",
    "公车运行": "公务用车运行费",
    "公车运行费": "公务用车运行费",
    "公车运维": "公务用车运行费",
    "公务用车运行": "公务用车运行费",
    "公务用车运行维护费": "公务用车运行费",
    # totals
    "支出": "支出合计",
    "总支出": "支出合计",
    "支出总额": "支出合计",
    "支出合计": "支出合计",
    "本年支出": "支出合计",
    "本年支出合计": "支出合计",
    "支出总计": "支出合计",
    "基本支出": "基本支出",
    "基本经费": "基本支出",
    "项目支出": "项目支出",
    "项目经费": "项目支出",
    "项目资金": "项目支出",
    "人员经费": "人员经费",
    "人员支出": "人员经费",
    "公用经费": "公用经费",
    "公用支出": "公用经费",
    # common items
    "公积金": "住房公积金",
    "住房公积": "住房公积金",
    "养老保险": "机关事业单位基本养老保险缴费",
    "养老保险缴费": "机关事业单位基本养老保险缴费",
    "医疗保险": "职工基本医疗保险缴费",
    "医保": "职工基本医疗保险缴费",
    "工资": "基本工资",
    "差旅": "差旅费",
    "办公": "办公费",
    "培训": "培训费",
    "会议": "会议费",
    "运行经费": "机关运行经费",
    "机关运行费": "机关运行经费",
    "采购": "政府采购",
    "政府采购支出": "政府采购",
}

# Items in the database that are too generic to stand for a question's item.
IGNORED_ITEMS = {"合计", "总计", "小计", "本年收入", "收入", "金额", "其中", "项目", "其他"}

# --- keywords --------------------------------------------------------------------------

# surface -> (role, value). Roles: group, rank, limit, compare, measure, side, code_system,
# level, checks, status, define, filler.
KEYWORDS: dict[str, tuple[str, object]] = {}


def _add(role: str, value: object, *surfaces: str) -> None:
    for surface in surfaces:
        KEYWORDS[surface] = (role, value)


_add("group", "unit", "by unit", "per unit", "by units", "各单位", "按单位", "分单位", "每个单位",
     "各个单位", "所有单位", "全部单位", "各部门", "按部门", "分部门", "每个部门", "各家单位")
_add("group", "year", "by year", "per year", "over time", "trend", "历年", "各年", "逐年", "按年",
     "按年度", "分年度", "各年度", "历年来", "每年", "趋势", "变化趋势", "年度变化", "走势")
_add("which", "unit", "哪个单位", "哪些单位", "哪家单位", "哪个部门", "哪些部门", "which unit")
_add("rank", "desc", "最多", "最高", "最大", "最贵", "排名", "排行", "排序", "rank", "ranking",
     "highest", "largest", "most", "top", "从高到低", "由高到低", "从大到小")
_add("rank", "asc", "最少", "最低", "最小", "lowest", "smallest", "least", "从低到高", "由低到高",
     "从小到大")
_add("compare", "budget_actual", "预算和决算", "预算与决算", "预算及决算", "预决算", "预算决算",
     "预算vs决算", "预算对比决算", "决算和预算", "决算与预算", "预算执行", "执行情况",
     "budget vs actual", "budget and actual", "budget versus actual", "预算数和决算数",
     "预算数与决算数", "对比预算", "与预算对比")
_add("side", "预算数", "预算数", "预算", "预算金额", "年初预算", "budget", "budgeted")
_add("side", "决算数", "决算数", "决算", "实际支出", "实际", "执行数", "actual", "actuals")
_add("measure", "比上年增减", "比上年增减", "比上年", "增减", "同比", "增长", "增加多少",
     "减少多少", "变动", "change")
_add("code_system", "功能分类", "按功能分类", "功能分类", "按功能科目", "功能科目", "by function",
     "按支出功能分类", "支出功能分类")
_add("code_system", "经济分类", "按经济分类", "经济分类", "按经济科目", "经济科目", "by economic",
     "按支出经济分类", "支出经济分类")
_add("code_system", "", "按科目", "分科目", "各科目", "by code", "by subject", "明细", "构成", "结构")
_add("level", 3, "类级", "按类", "类级科目", "分类级")
_add("level", 5, "款级", "按款", "款级科目")
_add("level", 7, "项级", "按项", "项级科目")
_add("checks", "any", "检查结果", "检查", "核对", "校验", "核验", "审核结果", "checks", "check")
_add("checks", "fail", "不一致", "前后不一致", "对不上", "不相符", "不符", "矛盾", "有问题",
     "出错", "错误", "inconsistent", "mismatch")
_add("define", "", "是什么", "什么是", "含义", "定义", "指什么", "什么意思", "名词解释", "解释",
     "what is", "meaning")
_add("filler", "", "的", "是", "多少", "是多少", "有多少", "为多少", "为", "列出", "列表", "显示",
     "查询", "查看", "看看", "请问", "请", "一下", "给我", "我想知道", "年", "年度", "年的", "各",
     "和", "与", "及", "以及", "了", "吗", "呢", "啊", "?", "!", ",", ".", "。", "，", "？", "！",
     "、", "：", ":", ";", "；", "万元", "元", "金额", "数额", "数", "情况", "分别", "所有",
     "全部", "中", "里", "在", "中的", "里的", "对比", "比较", "名", "位", "个", "单位", "部门",
     "what", "is", "the", "of", "for", "in", "by", "show", "list", "vs", "and", "数据", "figures",
     "多", "少", "哪个", "哪些", "花了", "花费", "用了", "开支", "共", "总共", "一共", "共计")

# The top N forms: 前5名, 前十, top 5, 最多的3个.
CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
