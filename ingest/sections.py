"""Find a report's section tree from its contents page and its heading lines."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ingest.sources import Document
from ingest.text import word_count

FRONT_MATTER = "Front matter"

_CONTENTS_HEADING = re.compile(r"^\s*(table of )?contents\s*$", re.IGNORECASE)
# A contents entry ends with a page number after dot leaders, a TAB or a wide gap.
_CONTENTS_ENTRY = re.compile(r"^\s*(?P<title>\S.*?)(?:\s*\.{2,}\s*|\s*\t+\s*|\s{2,})(?P<page>\d{1,3})\s*$")
_CONTENTS_PAGE_HEADER = re.compile(r"^\s*page\s*$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<number>[1-9]\d?(?:\.\d{1,2}){0,2})\.?\s+(?P<rest>\S.*)$")
_ANNEX = re.compile(r"^(annex|appendix)[\s:.]+[0-9A-Z]{1,2}\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*([-•*–▪●]|\(?[a-z]\)|\d+\))\s")
_NON_KEY = re.compile(r"[^a-z0-9]+")
# The rating scales of HMI Probation: printed beside or under a standard's heading,
# never headings themselves.
_RATING = r"(?:outstanding|good|requires improvement|inadequate|not rated|no rating|well met|satisfactorily met|partly met|not met)"
_RATING_ONLY = re.compile(rf"^{_RATING}$", re.IGNORECASE)
_TRAILING_RATING = re.compile(rf"^(?P<heading>[1-9](?:\.\d){{1,2}}\.?\s+\S.*?)\s+{_RATING}$", re.IGNORECASE)
_MAX_HEADING_WORDS = 14
_MAX_MINOR_HEADING_WORDS = 10
_MIN_FOLLOWING_PARAGRAPH_WORDS = 15


@dataclass(frozen=True)
class Section:
    """A heading and the lines it governs, up to the next heading of the same or a higher level."""

    title: str
    level: int
    line: int
    end_line: int
    path: tuple[str, ...]


@dataclass(frozen=True)
class SectionTree:
    """A report's sections in reading order, and the lines of its contents page."""

    sections: tuple[Section, ...]
    contents_lines: tuple[int, int] | None

    def section_at(self, line: int) -> Section | None:
        """Returns the innermost section containing `line`, or None in front matter."""
        found = None
        for section in self.sections:
            if section.line > line:
                break
            if section.end_line >= line:
                found = section
        return found

    def top_level(self) -> list[Section]:
        """Returns the sections at the highest level present."""
        if not self.sections:
            return []
        top = min(s.level for s in self.sections)
        return [s for s in self.sections if s.level == top]


@dataclass(frozen=True)
class _ContentsEntry:
    key: str
    level: int
    title: str = ""


def heading_key(text: str) -> str:
    """Returns a comparison key for a heading: lower-case letters and digits only."""
    return _NON_KEY.sub("", text.replace("\t", "").lower())


def clean_heading(text: str) -> str:
    """Returns a heading's display text: markup and TAB damage removed, spaces collapsed."""
    text = text.replace("**", "").replace("\t", " ")
    text = re.sub(r"</?[a-z]+>", "", text)
    return re.sub(r"\s+", " ", text).strip()


def build_section_tree(document: Document) -> SectionTree:
    """Returns the section tree of `document`."""
    lines = document.lines
    contents = _find_contents(lines)
    entries = _contents_entries(lines, contents) if contents else []
    body_start = contents[1] + 1 if contents else 1
    candidates = [c for n in range(body_start, len(lines) + 1) if (c := _candidate(lines, n)) is not None]
    aligned = _align(entries, candidates)
    entry_keys = {entry.key for entry in entries}
    headings: list[tuple[int, int, str]] = []  # (line, level, title)
    parent_level = 0
    for index, candidate in enumerate(candidates):
        level = None
        if index in aligned:
            level = 1 if _ANNEX.match(candidate.title) else entries[aligned[index]].level
        elif any(_keys_match(key, candidate.key) for key in entry_keys):
            # A contents title seen again outside its place: a sub-heading when running text
            # follows it ("CRC effectiveness" in every domain), else a table label.
            if candidate.standalone and _is_minor_heading(lines, candidate.line, candidate.title):
                level = min(parent_level + 1, 4) if parent_level else 2
        elif _ANNEX.match(candidate.title):
            level = 1
        elif (numbered := _NUMBERED.match(candidate.title)) and numbered.group("rest")[0].isupper():
            level = numbered.group("number").count(".") + 1
        elif candidate.standalone and _is_minor_heading(lines, candidate.line, candidate.title):
            level = min(parent_level + 1, 4) if parent_level else 2
        if level is None:
            continue
        if index in aligned or level <= 2:
            parent_level = level
        headings.append((candidate.line, level, candidate.title))
    headings += _glued_headings(lines, body_start, entries, set(aligned.values()), {h[0] for h in headings})
    headings.sort()
    return SectionTree(tuple(_with_spans(headings, len(lines))), contents)


def _glued_headings(
    lines: tuple[str, ...], body_start: int, entries: list[_ContentsEntry], matched: set[int], taken: set[int]
) -> list[tuple[int, int, str]]:
    """Numbered contents entries whose heading is glued to the text under it ("1.2 Staff Staff within …")."""
    found = []
    for index, entry in enumerate(entries):
        numbered = _NUMBERED.match(entry.title)
        if index in matched or not numbered:
            continue
        number = numbered.group("number")
        words = numbered.group("rest").split()
        title_pattern = r"\s+".join(map(re.escape, words))
        pattern = re.compile(rf"^{re.escape(number)}\.?\s+{title_pattern}\s+\S", re.IGNORECASE)
        for line_number in range(body_start, len(lines) + 1):
            text = clean_heading(lines[line_number - 1])
            if line_number not in taken and _blank(lines, line_number - 1) and pattern.match(text):
                found.append((line_number, entry.level, f"{number}. {' '.join(words)}"))
                break
    return found


@dataclass(frozen=True)
class _Candidate:
    line: int
    title: str
    key: str
    standalone: bool  # blank lines on both sides and no TAB: a heading by layout alone
    quality: int  # 1 when running text follows, as it does under a real heading


def _candidate(lines: tuple[str, ...], number: int) -> _Candidate | None:
    """Returns the heading candidate at line `number`, or None when its shape rules it out."""
    raw = lines[number - 1]
    if not raw.strip() or not _blank(lines, number - 1) or _BULLET.match(raw):
        return None
    stripped = raw.strip()
    has_tab = "\t" in stripped
    if has_tab:
        # "1.1. Leadership<TAB>Good": a heading followed by a short cell such as its rating.
        head, _, tail = stripped.partition("\t")
        if word_count(tail) > 4:
            return None
        stripped = head
    title = clean_heading(stripped)
    if _RATING_ONLY.match(title):
        return None
    if trailing := _TRAILING_RATING.match(title):
        title = trailing.group("heading")  # "2.4. Reviewing Inadequate"
    if not title or word_count(title) > _MAX_HEADING_WORDS or len(title) > 120:
        return None
    if title[-1] in ".,;:!?" or not any(c.isalpha() for c in title):
        return None
    if not (title[0].isupper() or title[0].isdigit()):
        return None
    following = _next_text_line(lines, number)
    quality = int(following is not None and "\t" not in lines[following - 1].strip()
                  and word_count(lines[following - 1]) >= 8)
    standalone = not has_tab and _blank(lines, number + 1)
    return _Candidate(number, title, heading_key(title), standalone, quality)


def _align(entries: list[_ContentsEntry], candidates: list[_Candidate]) -> dict[int, int]:
    """Returns candidate index -> entry index for the best order-preserving match.

    Contents titles recur in the body (summary tables, annex rows), so each entry is
    matched where the most entries, in contents order, can be matched around it.
    """
    if not entries or not candidates:
        return {}
    rows, cols = len(entries), len(candidates)
    # score[i][j]: best (matches, quality) using entries[i:] and candidates[j:].
    score = [[(0, 0)] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if _keys_match(entries[i].key, candidates[j].key):
                after = score[i + 1][j + 1]
                best = max(best, (after[0] + 1, after[1] + candidates[j].quality))
            score[i][j] = best
    aligned: dict[int, int] = {}
    i = j = 0
    while i < rows and j < cols:
        if _keys_match(entries[i].key, candidates[j].key):
            after = score[i + 1][j + 1]
            if score[i][j] == (after[0] + 1, after[1] + candidates[j].quality):
                aligned[j] = i
                i, j = i + 1, j + 1
                continue
        if score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return aligned


def _keys_match(entry_key: str, key: str) -> bool:
    if not entry_key or not key:
        return False
    if entry_key == key:
        return True
    # Extraction damage garbles contents entries ("2. Ca<TAB>se supervisionse"), so a
    # close match still counts, but only for keys long enough to be specific.
    # Numbering must agree exactly: "4.1. Unpaid work" is not the annex's "Unpaid work".
    entry_number, entry_words = _split_number(entry_key)
    number, words = _split_number(key)
    if entry_number != number:
        return False
    if min(len(entry_words), len(words)) < 8 or abs(len(entry_words) - len(words)) > 4:
        return False
    return difflib.SequenceMatcher(None, entry_words, words).ratio() >= 0.88


def _split_number(key: str) -> tuple[str, str]:
    match = re.match(r"^(annex|appendix)?(\d*)(.*)$", key)
    return (match.group(1) or "") + match.group(2), match.group(3)


def _next_text_line(lines: tuple[str, ...], number: int) -> int | None:
    following = number + 1
    while following <= len(lines) and not lines[following - 1].strip():
        following += 1
    return following if following <= len(lines) else None


def _find_contents(lines: tuple[str, ...]) -> tuple[int, int] | None:
    """Returns the first and last line of the contents page, or None."""
    limit = max(60, len(lines) // 3)
    for index, text in enumerate(lines[:limit]):
        if not _CONTENTS_HEADING.match(text):
            continue
        last = None
        cursor = index + 1
        while cursor < len(lines):
            candidate = lines[cursor]
            if _CONTENTS_ENTRY.match(candidate) or _CONTENTS_PAGE_HEADER.match(candidate):
                last = cursor
            elif candidate.strip() and last is not None:
                break
            elif candidate.strip() and cursor - index > 3:
                break
            cursor += 1
        if last is not None:
            return index + 1, last + 1
    return None


def _contents_entries(lines: tuple[str, ...], contents: tuple[int, int]) -> list[_ContentsEntry]:
    entries: list[_ContentsEntry] = []
    seen_numbered_chapter = False
    after_annex = False
    for text in lines[contents[0] : contents[1]]:
        match = _CONTENTS_ENTRY.match(text)
        if not match:
            continue
        title = clean_heading(match.group("title").rstrip(". "))
        key = heading_key(title)
        if not key or key == "contents":
            continue
        numbered = _NUMBERED.match(title)
        if _ANNEX.match(title):
            level, after_annex = 1, True
        elif numbered:
            level = numbered.group("number").count(".") + 1
            seen_numbered_chapter = seen_numbered_chapter or level == 1
        else:
            level = 2 if seen_numbered_chapter and not after_annex else 1
        entries.append(_ContentsEntry(key, level, title))
    return _nest_repeated_entries(entries)


def _nest_repeated_entries(entries: list[_ContentsEntry]) -> list[_ContentsEntry]:
    """Returns entries where unnumbered titles repeated inside one chapter sit one level down.

    A contents page loses its indentation in text, but a title that recurs within a
    chapter ("CRC effectiveness" under each domain) must be a sub-heading of the
    titles between its occurrences.
    """
    chapters: list[list[int]] = []
    for index, entry in enumerate(entries):
        if entry.level == 1 or not chapters:
            chapters.append([])
        if entry.level == 2:
            chapters[-1].append(index)
    nested = list(entries)
    for members in chapters:
        counts: dict[str, int] = {}
        for index in members:
            counts[entries[index].key] = counts.get(entries[index].key, 0) + 1
        for index in members:
            if counts[entries[index].key] > 1:
                nested[index] = _ContentsEntry(entries[index].key, 3, entries[index].title)
    return nested


def _blank(lines: tuple[str, ...], number: int) -> bool:
    return number < 1 or number > len(lines) or not lines[number - 1].strip()


def _is_minor_heading(lines: tuple[str, ...], number: int, title: str) -> bool:
    """A short unnumbered heading is one that introduces a paragraph of running text."""
    if word_count(title) > _MAX_MINOR_HEADING_WORDS or "%" in title:
        return False
    following = _next_text_line(lines, number)
    return following is not None and _is_running_text(lines[following - 1])


def _is_running_text(line: str) -> bool:
    """A paragraph: long, or a sentence ending in a full stop (not a table row or label)."""
    text = line.strip()
    if "\t" in text or _BULLET.match(line):
        return word_count(text) >= _MIN_FOLLOWING_PARAGRAPH_WORDS and "\t" not in text
    words = word_count(text)
    return words >= _MIN_FOLLOWING_PARAGRAPH_WORDS or (words >= 4 and text.rstrip("*").endswith("."))


def _with_spans(headings: list[tuple[int, int, str]], last_line: int) -> list[Section]:
    sections = []
    stack: list[tuple[int, str]] = []
    for index, (line, level, title) in enumerate(headings):
        end = last_line
        for later_line, later_level, _ in headings[index + 1 :]:
            if later_level <= level:
                end = later_line - 1
                break
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        sections.append(Section(title, level, line, end, tuple(t for _, t in stack)))
    return sections
