"""Good and poor practice examples. The people in them are pseudonymised and never become Person entities."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ingest.normalise import CleanLine
from ingest.sections import SectionTree

_LABEL = re.compile(r"^(?P<kind>good|poor|positive|negative)\s+practice\s+examples?\s*:\s*(?P<text>.*)$", re.I)
_CRITERION_ROW = re.compile(r"^(?P<title>.+?)\s+(?:OMI\s+)?Criterion:\s*(?P<criterion>\d\.\d)\s*(?P<name>.*)$", re.I)
# "Jake is a 28 year old …": the pseudonym opens the example.
_PSEUDONYM = re.compile(r"^(?P<name>[A-Z][a-z]{2,})\s+(?:is|was|had|has)\s+(?:a|an)\s+\d{1,2}[\s-]year[\s-]old")


@dataclass(frozen=True)
class PracticeExample:
    kind: str  # good or poor
    text: str
    line: int
    end_line: int
    section: str
    pseudonym: str | None = None
    title: str | None = None
    criterion: str | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def extract_practice_examples(lines: list[CleanLine], tree: SectionTree) -> list[PracticeExample]:
    """Returns the labelled practice examples and the rows of "sharing good practice" tables."""
    examples: list[PracticeExample] = []
    for index, line in enumerate(lines):
        match = _LABEL.match(line.text)
        if match:
            kind = "good" if match.group("kind").lower() in ("good", "positive") else "poor"
            text = match.group("text").strip()
            first = line
            if not text:
                # "Good practice examples:" heads a block: the next paragraphs are the examples.
                following = [l for l in lines[index + 1 : index + 12] if l.text]
                if not following:
                    continue
                first = following[0]
                text = " ".join(l.text for l in following[:3])
            examples.append(_example(kind, text, first.number, tree))
        elif len(line.cells) == 2 and (row := _CRITERION_ROW.match(line.cells[0])):
            section = tree.section_at(line.number)
            if section is None or "practice" not in " ".join(section.path).lower():
                continue
            examples.append(
                PracticeExample("good", line.cells[1], line.number, line.number, section.title,
                                _pseudonym(line.cells[1]), row.group("title"), row.group("criterion"))
            )
    return examples


def _example(kind: str, text: str, line: int, tree: SectionTree) -> PracticeExample:
    section = tree.section_at(line)
    return PracticeExample(kind, text, line, line, section.title if section else "", _pseudonym(text))


def _pseudonym(text: str) -> str | None:
    match = _PSEUDONYM.match(text.strip())
    return match.group("name") if match else None


def pseudonyms(examples: list[PracticeExample]) -> set[str]:
    """Returns the names used for people in practice examples."""
    return {e.pseudonym for e in examples if e.pseudonym}
