"""What the facts stage produces: one ``Fact`` per printed figure, ``Unplaced`` rows that
have figures but no subject, and the ``flags`` that say how a figure was read.

A flag is a fixed word stored in ``facts.flags`` (a JSON list) so that later stages and
users can select on it; the ``note`` says the same thing in a sentence for a reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How a figure was read, when not simply from its own labelled cell.
PLACED_BY_ARITHMETIC = (
    "placed_by_arithmetic"  # the row printed too few cells; sums chose the column
)
COLUMN_OPEN = "column_open"  # the column could not be decided: measure is empty
RELABELLED_BY_SUMS = "relabelled_by_sums"  # the printed header contradicted the table's sums
LABEL_FROM_LEFT = "label_from_left"  # the row label is printed in the column group to the left
MISPRINTED_POINT = "misprinted_point"  # 14。41 read as 14.41
NO_ITEM_COLUMN = "no_item_column"  # a 三公 figure under no item's column
UNIT_CONVERTED = "unit_converted"  # narrative figure printed in 元 and converted to 万元
UNIT_KEPT_AS_WAN = "unit_kept_as_wan"  # printed 元 among 万元 figures: a misprint, kept as 万元
UNITLESS = "unitless"  # no unit printed; read as 万元 like its neighbours
OCR_REPAIRED = (
    "ocr_repaired"  # OCR misread its separators (3,636..01); read with the page's decimals
)
FLAGS = (
    PLACED_BY_ARITHMETIC,
    COLUMN_OPEN,
    RELABELLED_BY_SUMS,
    LABEL_FROM_LEFT,
    MISPRINTED_POINT,
    NO_ITEM_COLUMN,
    UNIT_CONVERTED,
    UNIT_KEPT_AS_WAN,
    UNITLESS,
    OCR_REPAIRED,
)


@dataclass
class Fact:
    statement: str | None
    item: str | None
    measure: str | None
    amount: float
    code: str | None = None
    code_system: str | None = None
    source: str = "table"
    row: int | None = None  # 1-based body row of the table
    line: int | None = None  # source line of that row (text files)
    page: int | None = None
    printed: str = ""  # the figure as printed
    note: str | None = None
    item_key: str | None = None  # the item's canonical spelling, for grouping
    column: int | None = None  # the table column the figure sits in
    entity: str | None = None  # the subordinate unit a row is about, in tables that list them
    flags: list[str] = field(default_factory=list)
    confidence: float | None = None  # read by OCR: the recogniser's confidence (0–1)

    def flag(self, flag: str, note: str | None = None) -> None:
        """Record how the figure was read, and say it in the note."""
        if flag not in self.flags:
            self.flags.append(flag)
        if note:
            self.note = f"{self.note}; {note}" if self.note else note


@dataclass
class Unplaced:
    row: int
    cells: list[str]
    reason: str


@dataclass
class TableFacts:
    facts: list[Fact] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
