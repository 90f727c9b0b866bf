"""Findings: explicit strengths, areas for improvement, enablers, barriers and key-finding bullets."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ingest.normalise import CleanLine
from ingest.sections import SectionTree
from ingest.topics import topics_of

# List labels and the polarity of the items under them.
_LABELS = [
    (re.compile(r"^(strengths?|what (?:is )?work(?:s|ed|ing) well|good practice|positive practice)\s*:?$", re.I), "strength"),
    (re.compile(r"^(areas? for (?:improvement|development)|weakness(?:es)?|concerns?|what needs? (?:to )?improv\w*)\s*:?$", re.I), "weakness"),
]
_STOP_LABEL = re.compile(r"^(conclusion|summary|recommendations?|strengths?|areas? for improvement)\s*:?$", re.I)
_ITEM_LETTER = re.compile(r"^\((?P<letter>[a-z]{1,2})\)\s*")
_TABLE_CAPTION = re.compile(r"^(?P<table>Table\s+\d+)\s*[:.]", re.I)
_CALLOUT = re.compile(r"^(?P<label>Organisational strength|Good practice|Area of concern|Organisational weakness)\s*:\s*(?P<text>\S.*)$", re.I)
_KEY_FINDINGS_INTRO = re.compile(r"key findings", re.I)

# Words that make a headline judgement favourable or unfavourable.
_NEGATIVE = re.compile(
    r"\b(not|no|insufficient\w*|inadequate\w*|poor\w*|lack\w*|weak\w*|stretched|variable|inconsistent\w*|"
    r"limited|perfunctory|fail\w*|wanting|erratic|too (?:early|few|little|many|much|high|low)|did not|were not|was not|"
    r"absence|concern\w*|unclear|patchy|gaps?|delay\w*|low|high levels|excessive|worrying|let down|short of|shortfall|"
    r"infrequent\w*|rarely|seldom|shortcoming\w*|shortage\w*|hamper\w*|undermin\w*|ineffective\w*|unsafe|lapse\w*|"
    r"neglect\w*|missed|backlog\w*|few|little|requires? improvement|room for improvement|suffer\w*|struggl\w*|"
    r"unable|difficult\w*|deficien\w*|problem\w*|risky|lost|overdue|unmet)\b",
    re.I,
)
_POSITIVE = re.compile(
    r"\b(strong\w*|good|effective\w*|well|impressive|comprehensive|improv\w*|responsive|appropriate\w*|prioritised|"
    r"promis\w*|positive\w*|excellent|robust|clear|committed|thorough|high-quality|innovative|informed|embedded|sound)\b",
    re.I,
)


@dataclass(frozen=True)
class Finding:
    polarity: str
    text: str
    line: int
    list: str
    standard_or_section: str
    topics: tuple[str, ...]
    end_line: int
    mixed: bool = False
    item_letter: str | None = None
    item_number: int | None = None
    providers: tuple[str, ...] = ()

    def to_json(self) -> dict:
        data = asdict(self)
        data["topics"] = list(self.topics)
        data["providers"] = list(self.providers) or None
        return {k: v for k, v in data.items() if v is not None and v is not False}


def headline_polarity(text: str) -> tuple[str, bool]:
    """Returns the polarity of a judgement and whether it states both (mixed)."""
    negative = len(_NEGATIVE.findall(text))
    positive = len(_POSITIVE.findall(re.sub(r"\bnot\s+\w+", " ", text)))
    mixed = bool(negative and positive)
    if " but " in text.lower():
        before, _, after = text.lower().partition(" but ")
        # After "but" comes the point a sentence leads to.
        negative_after = len(_NEGATIVE.findall(after))
        return ("weakness" if negative_after else "strength"), True
    return ("weakness" if negative > positive or (negative and negative == positive) else "strength"), mixed


def extract_findings(lines: list[CleanLine], tree: SectionTree) -> list[Finding]:
    """Returns the findings of labelled lists, enablers/barriers tables, callouts and key-finding bullets."""
    findings: list[Finding] = []
    findings += _labelled_lists(lines, tree)
    findings += _enablers_and_barriers(lines, tree)
    findings += _callouts(lines, tree)
    findings += _key_finding_bullets(lines, tree)
    unique = {(f.line, f.text[:40], f.polarity): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.line, f.polarity))


def _section_name(tree: SectionTree, line: int) -> str:
    section = tree.section_at(line)
    return " > ".join(section.path) if section else ""


def _labelled_lists(lines: list[CleanLine], tree: SectionTree) -> list[Finding]:
    found: list[Finding] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        polarity = next((p for pattern, p in _LABELS if pattern.match(line.text)), None) if not line.bullet else None
        if polarity is None:
            index += 1
            continue
        label = line.text
        cursor = index + 1
        current: Finding | None = None
        while cursor < len(lines):
            item = lines[cursor]
            if not item.text:
                following = _next_text(lines, cursor + 1)
                if following is None or not (_is_item(following) or _continues(following) or _bridges(lines, following, current)):
                    break
                cursor += 1
                continue
            if current and not _is_item(item) and (_continues(item) or _bridges(lines, item, current)):
                # A bullet carried over a page break: its text resumes in lower case.
                current = Finding(**{**asdict(current), "end_line": item.number})
                cursor += 1
                continue
            if not item.bullet and _STOP_LABEL.match(item.text):
                break
            if _is_item(item):
                if current:
                    found.append(current)
                text = item.text
                letter = _ITEM_LETTER.match(text)
                text = _ITEM_LETTER.sub("", text).strip()
                current = Finding(
                    polarity=polarity,
                    text=text,
                    line=item.number,
                    list=label,
                    standard_or_section=_section_name(tree, item.number),
                    topics=tuple(topics_of(text)),
                    end_line=item.number,
                    item_letter=letter.group("letter") if letter else None,
                )
            elif current and item.number == current.end_line + 1:
                current = Finding(**{**asdict(current), "end_line": item.number})
            else:
                break
            cursor += 1
        if current:
            found.append(current)
        index = cursor
    return found


def _continues(line: CleanLine) -> bool:
    """A line that carries on the sentence before it (starts in lower case, a bracketed number or a closing bracket)."""
    return bool(line.text) and (line.text[0].islower() or line.text[0] in "),;" or bool(re.match(r"^\(\d", line.text)))


def _is_item(line: CleanLine) -> bool:
    """A list item: a bulleted line, or one that starts with its letter "(d)" when the bullet was lost."""
    return line.bullet or bool(_ITEM_LETTER.match(line.text))


def _next_text(lines: list[CleanLine], index: int) -> CleanLine | None:
    return next((l for l in lines[index : index + 4] if l.text), None)


def _bridges(lines: list[CleanLine], paragraph: CleanLine, current: Finding | None) -> bool:
    """A paragraph between two lettered items of one list is the first item carried over a page break."""
    if current is None or current.item_letter is None or _is_item(paragraph):
        return False
    expected = chr(ord(current.item_letter) + 1)
    paragraphs = 0
    for after in lines[paragraph.number : paragraph.number + 12]:  # lines is 0-based: this starts after it
        if not after.text:
            continue
        if _is_item(after):
            letter = _ITEM_LETTER.match(after.text)
            return bool(letter) and letter.group("letter") == expected
        if _STOP_LABEL.match(after.text) or any(p.match(after.text) for p, _ in _LABELS):
            return False
        paragraphs += 1
        if paragraphs > 3:
            return False
    return False


def _enablers_and_barriers(lines: list[CleanLine], tree: SectionTree) -> list[Finding]:
    """Tables whose header row is "Enablers<TAB><TAB>Barriers": numbered strengths left, weaknesses right."""
    found: list[Finding] = []
    caption = None
    for index, line in enumerate(lines):
        if match := _TABLE_CAPTION.match(line.text):
            caption = match.group("table")
        header = [c.lower() for c in line.cells]
        if header not in (["enablers", "barriers"], ["enablers"], ["barriers"]):
            continue
        name = caption or "Table"
        for row in lines[index + 1 :]:
            if not row.raw.strip():
                continue
            cells = row.raw.split("\t")
            if not re.match(r"^\s*(\d+\.)?\s*$", cells[0]) or len(cells) < 2:
                break
            columns = ((0, "strength", "Enablers"), (2, "weakness", "Barriers"))
            if header == ["barriers"]:
                columns = ((0, "weakness", "Barriers"),)
            for offset, polarity, kind in columns:
                number = cells[offset].strip().rstrip(".") if offset < len(cells) else ""
                text = cells[offset + 1].strip() if offset + 1 < len(cells) else ""
                if number.isdigit() and text:
                    from ingest.normalise import clean_text

                    text = clean_text(text)
                    found.append(Finding(polarity, text, row.number, f"{name} {kind}", _section_name(tree, row.number),
                                         tuple(topics_of(text)), row.number, item_number=int(number)))
    return found


def _callouts(lines: list[CleanLine], tree: SectionTree) -> list[Finding]:
    found = []
    for line in lines:
        if match := _CALLOUT.match(line.text):
            label = match.group("label")
            polarity = "weakness" if re.search(r"concern|weakness", label, re.I) else "strength"
            text = match.group("text")
            found.append(Finding(polarity, text, line.number, f"'{label}:' callout", _section_name(tree, line.number),
                                 tuple(topics_of(text)), line.number))
    return found


def _key_finding_bullets(lines: list[CleanLine], tree: SectionTree) -> list[Finding]:
    """Bullets under "Our key findings … were as follows:", each a headline judgement."""
    found = []
    active = False
    for line in lines:
        if _KEY_FINDINGS_INTRO.search(line.text) and line.text.endswith(":"):
            active = True
            continue
        if not active:
            continue
        section = tree.section_at(line.number)
        if section and section.level == 1 and section.line == line.number and "finding" not in section.title.lower():
            active = False
            continue
        if line.bullet and len(line.text.split()) >= 3:
            polarity, mixed = headline_polarity(line.text)
            found.append(Finding(polarity, line.text, line.number, "overall findings key bullets",
                                 _section_name(tree, line.number), tuple(topics_of(line.text)), line.number, mixed=mixed))
    return found
