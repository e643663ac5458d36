"""What each column of a table holds, from its (often multi-level) header and its cells.

Roles: ``code`` (subject code, possibly one of 类/款/项), ``name`` (subject or
project name), ``attribute`` (text that is not the item: 项目单位, 部门名称),
``skip`` (行次/栏次 numbering) and ``value`` (figures). A table may hold several
groups side by side (收入 | 支出, or 002's three code/name/amount groups); each
group is a run of label columns followed by value columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocabulary import PERCENT, despace
from .amounts import is_amount

# Subject codes (201, 20103, 2010350), their split 款/项 parts (03, 50) and unit
# codes (324001). Figures that look like this are told apart by where they stand.
CODE_CELL = re.compile(r"^\d{3,9}$|^\d{2}$")
SUBTOTAL = {"小计", "合计"}


@dataclass
class Column:
    index: int
    path: list[str]
    role: str = "value"
    has_content: bool = True

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def measure_label(self) -> str:
        """The label that names the figure: 基本支出/小计 is 基本支出's own total."""
        if len(self.path) >= 2 and despace(self.path[-1]) == "小计":
            return self.path[-2]
        return self.label


@dataclass
class Group:
    codes: list[Column] = field(default_factory=list)
    names: list[Column] = field(default_factory=list)
    attributes: list[Column] = field(default_factory=list)
    values: list[Column] = field(default_factory=list)


def header_paths(header: list[list[str]], width: int) -> list[list[str]]:
    """Each column's labels from top to bottom, merged cells filled in from the left.

    A merged upper cell is printed once, over its first column; the columns under it
    show their own labels in the row below, which is how a blank upper cell is told
    from a column that has no upper label.
    """
    rows = [r + [""] * (width - len(r)) for r in header if not _is_numbering(r)]
    filled = [list(r) for r in rows]
    for level in range(len(rows) - 1):
        current = ""
        for col in range(width):
            cell = rows[level][col]
            below = any(rows[deeper][col] for deeper in range(level + 1, len(rows)))
            if any(rows[upper][col] for upper in range(level)) and not cell:
                current = ""  # a new parent starts here: a merged cell never spans two parents
            if cell:
                current = cell
            elif current and below:
                filled[level][col] = current
    paths = []
    for col in range(width):
        path = [despace(r[col]) for r in filled if despace(r[col])]
        paths.append([p for i, p in enumerate(path) if i == 0 or p != path[i - 1]])
    return paths


def _is_numbering(row: list[str]) -> bool:
    """Rows of column numbers (栏次 1 2 3) or of 类/款/项 code-level labels."""
    cells = [despace(c) for c in row if despace(c)]
    return bool(cells) and all(re.fullmatch(r"\d{1,2}|\*+|栏次|行次|[类款项]", c) for c in cells)


def classify_columns(header: list[list[str]], rows: list[list[str]]) -> list[Column]:
    width = max([len(r) for r in header + rows] + [0])
    coded = {
        i for row in header for i, cell in enumerate(row) if re.search(r"编码|代码", despace(cell))
    }
    roles = _codes_before_names([_content_role(index, rows) for index in range(width)], coded)
    first_value = next((i for i, role in enumerate(roles) if role == "value"), None)
    aligned = [_align_header_row(r, first_value) for r in header]
    width = max([len(r) for r in aligned + rows] + [0])
    paths = header_paths(aligned, width)
    columns = []
    for index in range(width):
        content = roles[index] if index < len(roles) else None
        role = _role(paths[index], content)
        if (
            content is None
            and rows_have_content(rows)
            and not VALUE_LABEL.search("".join(paths[index]))
        ):
            role = "empty"
        columns.append(Column(index, paths[index], role, has_content=content is not None))
    _borrow_labels(columns)
    return columns


def rows_have_content(rows: list[list[str]]) -> bool:
    return any(cell.strip() for row in rows for cell in row)


def _borrow_labels(columns: list[Column]) -> None:
    """A figure column with no label of its own takes the label printed just left of it.

    Tab-separated extractions split 项 目 into two cells, pushing the header one
    cell left of the figures it names.
    """
    for position, column in enumerate(columns):
        if column.role != "value" or column.path:
            continue
        for left in reversed(columns[:position]):
            if left.has_content:
                break
            if left.path:
                column.path = list(left.path)
                left.path = []
                left.role = "empty"
                break


VALUE_LABEL = re.compile(r"数|额|计|支出|收入|经费|费$|拨款|资金|预算|决算|结余|结转")
LABELISH = re.compile(r"编码|代码|名称|^项目$|^科目$|^[类款项]$|功能分类$|^类型$")


def _align_header_row(row: list[str], first_value: int | None) -> list[str]:
    """Shift a header row so its first figure label sits over the first figure column.

    Extractions print 科目编码 once over the three 类/款/项 code cells, or print the
    code in one cell under a 类/款/项 header; either way the figure labels of that
    header row are off by the difference.
    """
    if first_value is None or not row or not despace(row[0]):
        return row
    cells = [despace(c) for c in row]
    if not any(re.search(r"编码|代码", c) for c in cells) and not {"类", "款"} <= set(cells):
        return row  # only code labels change width between header and body
    labels = 0
    for index, cell in enumerate(row):
        if LABELISH.search(despace(cell)):
            labels = index + 1
        elif despace(cell) or not any(
            LABELISH.search(despace(c)) for c in row[index + 1 : index + 2]
        ):
            break
    if labels == 0 or labels == first_value or labels == len(row):
        return row
    shift = first_value - labels
    if shift > 0:
        return row[:labels] + [""] * shift + row[labels:]
    return row[: labels + shift] + row[labels:]


def _codes_before_names(roles: list[str | None], coded: set[int]) -> list[str | None]:
    """Codes come before the name in each group: code-like cells after a name are figures
    (three-digit amounts such as 170 look like codes) unless the header calls the column
    a code (a second classification: 部门经济科目编码 | 政府经济科目编码)."""
    seen_name = False
    result: list[str | None] = []
    for index, role in enumerate(roles):
        if role == "name":
            seen_name = True
        elif role == "value":
            seen_name = False
        elif role == "code" and seen_name and index not in coded:
            role = "value"
        result.append(role)
    return result


def _content_role(index: int, rows: list[list[str]]) -> str | None:
    cells = [despace(r[index]) for r in rows if index < len(r) and r[index].strip()]
    if not cells:
        return None
    codes = sum(1 for c in cells if CODE_CELL.match(c))
    numbers = sum(1 for c in cells if is_amount(c) and not CODE_CELL.match(c))
    texts = len(cells) - codes - numbers
    if numbers >= max(codes, texts):
        return "value"
    if codes >= texts:
        return "code"
    return "name"


def _role(path: list[str], content: str | None) -> str:
    label = "".join(path)
    leaf = path[-1] if path else ""
    if leaf in ("行次", "栏次") or label.endswith("行次"):
        return "skip"
    if PERCENT.search(leaf):
        return "skip"  # percentages and shares are not money
    if re.search(r"部门.*代码|单位.*代码|项目单位|实施单位|预算单位", label):
        return "attribute"
    value_label = re.search(
        r"数|额|计|支出|收入|结余|结转|费|拨款|资金", leaf
    ) and not LABELISH.search(leaf)
    if re.search(r"编码|代码", leaf) and content in ("code", "value") and not value_label:
        return "code"  # the header says so: a second classification's codes after a name
    if content == "code" and value_label and not re.search(r"编码|代码", label):
        # Three-digit figures (170) look like codes; a figure column says what it is.
        return "value"
    if content is not None:
        return content
    if re.search(r"编码|代码", label):
        return "code"
    if LABELISH.search(leaf) and not value_label:
        return "name"
    return "value"


def columns_to_groups(columns: list[Column]) -> list[Group]:
    groups: list[Group] = []
    current = Group()
    for column in columns:
        if column.role in ("skip", "empty"):
            continue
        if column.role == "value":
            current.values.append(column)
            continue
        if current.values:
            groups.append(current)
            current = Group()
        getattr(
            current, {"code": "codes", "name": "names", "attribute": "attributes"}[column.role]
        ).append(column)
    if current.values or current.names or current.codes:
        groups.append(current)
    return [g for g in groups if g.values]
