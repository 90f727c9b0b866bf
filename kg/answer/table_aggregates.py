"""Aggregations over a printed table: the rows with the highest or lowest value of a column, or a column's
total, the column chosen by its header's words ("highest average case manager caseload" → "Average caseload
(case managers)"). The figures come from the cited table; a computed total says it is one."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.answer.evidence import Evidence, Item, PlanResult
from kg.answer.tables import cells, column_names, is_header
from kg.index.keyword import terms

_VALUE = re.compile(r"^\s*[£$]?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(%|days?|m)?\s*\**\s*$", re.I)
_TOTAL = re.compile(r"\bin total\b|\btotal\b|\baltogether\b|\bcombined\b|\bsum\b", re.I)
_TOTAL_ROW = re.compile(r"^\s*(?:total|all|overall|england and wales|average)\b", re.I)
_GENERIC = set(terms("which what how many much the of in across had have were was is are did do highest lowest most "
                     "fewest total number table report"))


@dataclass(frozen=True)
class Table:
    report: str
    title: str
    section: str
    page: int | None
    headers: list[str]  # the header lines as printed
    rows: list[tuple[int, str]]  # (line, text as printed) of each row of figures
    caption: str = ""

    def fit(self, question: str) -> float:
        """How well the table fits a question: named by its number ("Table 2"), then the words its caption and
        headers share with the question."""
        named = re.match(r"\s*(Table\s+\d+)\b", self.caption, re.I)
        by_name = 10.0 if named and re.search(rf"\b{named.group(1)}\b", question, re.I) else 0.0
        return by_name + len(set(terms(question)) & set(terms(self.caption + " " + " ".join(self.headers))))


def read_table(lines: list[tuple[int, str]], line: int) -> tuple[list[str], list[tuple[int, str]], str] | None:
    """The header lines, the rows and the caption of the table printed around `line` of a report's non-blank
    lines."""
    position = next((i for i, (n, _) in enumerate(lines) if n == line), None)
    if position is None or "\t" not in lines[position][1]:
        return None
    first = last = position
    while first > 0 and "\t" in lines[first - 1][1]:
        first -= 1
    while last + 1 < len(lines) and "\t" in lines[last + 1][1]:
        last += 1
    block = lines[first : last + 1]
    headers = []
    for _, text in block:
        if not is_header(text):
            break
        headers.append(text)
    rows = [(n, text) for n, text in block[len(headers):] if not is_header(text)]
    caption = lines[first - 1][1] if first > 0 and re.match(r"\s*(?:Table|Figure|Chart)\s+\d+", lines[first - 1][1]) else ""
    return (headers, rows, caption.strip()) if headers and len(rows) >= 2 else None


def best_column(headers: list[str], question: str) -> int | None:
    """The column whose header shares most of the question's words (fewest words besides), or None."""
    asked = set(terms(question)) - _GENERIC
    best, best_score = None, 0.0
    for column, name in enumerate(column_names(headers)):
        if column == 0 or not name:
            continue
        words = set(terms(name))
        shared = len(asked & words)
        score = shared - 0.1 * len(words - asked)
        if shared and score > best_score:
            best, best_score = column, score
    return best


def aggregate(table: Table, question: str, aggregation: str) -> PlanResult | None:
    """The rows with the highest/lowest value of the asked column ("max"/"min"), or its total ("total")."""
    column = best_column(table.headers, question)
    if column is None:
        return None
    name = column_names(table.headers)[column]
    values = []
    for line, text in table.rows:
        row = cells(text)
        if _TOTAL_ROW.match(row[0]):
            continue  # a printed total is not one of the rows compared or summed
        if column < len(row) and (match := _VALUE.match(row[column])):
            values.append((float(match.group(1).replace(",", "")), row[0], line, text, row[column]))
    if len(values) < 2:
        return None
    if aggregation == "total":
        total = sum(v for v, *_ in values)
        shown = f"{total:,.0f}" if total == int(total) else f"{total:,.2f}"
        evidence = [_evidence(table, line, text) for _, _, line, text, _ in values]
        item = Item(shown, "computed total", "", f"the sum of the {len(values)} rows' '{name}' "
                    f"({' + '.join(printed for *_, printed in values)})", evidence)
        return PlanResult("table aggregate", [item], f"the total of '{name}'", False, f"Total of '{name}' (computed)",
                          entities=False, evidence_depth=len(evidence))
    best = (max if aggregation == "max" else min)(v for v, *_ in values)
    items = [Item(label, "table row", "", f"{name}: {printed}", [_evidence(table, line, text)])
             for value, label, line, text, printed in values if value == best]
    word = "Highest" if aggregation == "max" else "Lowest"
    return PlanResult("table aggregate", items, f"the row with the {word.lower()} '{name}'", False,
                      f"{word} '{name}' in the table")


def _evidence(table: Table, line: int, text: str) -> Evidence:
    return Evidence(table.report, table.title, table.section, line, line, table.page, text.strip(), 1.0)


def asks_total(question: str) -> bool:
    return bool(_TOTAL.search(question))
