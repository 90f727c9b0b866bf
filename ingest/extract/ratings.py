"""Ratings and scores: rated standards, key-question percentages, 2007 criteria, 2017 domain judgements."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ingest.extract.scales import MET_SCALE, as_number, normalise_rating, parse_percent
from ingest.normalise import CleanLine, clean_text
from ingest.sections import SectionTree
from ingest.text import split_sentences

_STANDARD_ID = re.compile(r"^(?P<id>[1-9]\.[1-9])\.?$")
_STANDARD_HEADING = re.compile(r"^(?P<id>[1-9]\.[1-9])\.?\s+(?P<name>[A-Z].*)$")
_KEY_QUESTION = re.compile(r"^(?P<id>[1-9]\.[1-9]\.[1-9])\.?\s+(?P<text>\S.*\?)$")
_CRITERION = re.compile(r"^(?P<id>[1-9]\.[1-9])\.?\s+General Criterion:\s*(?P<name>.+?)$", re.IGNORECASE)
_OVERALL = re.compile(r"\b(?:is|was) rated as:?\s*(?P<rating>[A-Za-z ]+?)[.\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Rating:
    """A judgement on one standard or criterion (or, in 2017 reports, one domain for one provider)."""

    standard_id: str
    standard_name: str
    rating: str | None
    line: int | None
    percent: int | float | None = None
    provider: str | None = None
    rating_as_printed: str | None = None
    body_heading_line: int | None = None
    footnotes: tuple[str, ...] = ()
    scale: str = "rating"

    def to_json(self) -> dict:
        data = asdict(self)
        data["footnotes"] = list(self.footnotes)
        return {k: v for k, v in data.items() if v not in (None, [], ())}


@dataclass(frozen=True)
class KeyQuestion:
    id: str
    text: str
    percent: int | float | None
    value_as_printed: str
    line: int
    footnotes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        data = asdict(self)
        data["footnotes"] = list(self.footnotes)
        if not self.footnotes:
            del data["footnotes"]
        return data


@dataclass
class Scores:
    """Everything scored in one report."""

    ratings: list[Rating] = field(default_factory=list)
    key_questions: list[KeyQuestion] = field(default_factory=list)
    overall_rating: str | None = None
    overall_rating_line: int | None = None
    risk_of_harm_thread: str | None = None
    risk_of_harm_thread_line: int | None = None


def extract_scores(lines: list[CleanLine], tree: SectionTree) -> Scores:
    """Returns the ratings, key questions and overall judgements printed in a report."""
    scores = Scores()
    scores.ratings.extend(_rated_standards(lines, tree))
    scores.key_questions.extend(_key_questions(lines))
    scores.ratings.extend(_criteria(lines, tree))
    scores.ratings.extend(_domain_judgements(lines, tree))
    scores.overall_rating, scores.overall_rating_line = _overall_rating(lines)
    for line in lines:
        if len(line.cells) == 2 and "risk of harm thread" in line.cells[0].lower() and parse_percent(line.cells[1]) is not None:
            scores.risk_of_harm_thread, scores.risk_of_harm_thread_line = line.cells[1].replace(" ", ""), line.number
            break
    return scores


def _rated_standards(lines: list[CleanLine], tree: SectionTree) -> list[Rating]:
    """Rows "1.1<TAB>Leadership<TAB>Good" of the summary of ratings (first occurrence of each standard)."""
    found: dict[str, Rating] = {}
    headings = {s.title: s.line for s in tree.sections}
    for line in lines:
        if len(line.cells) != 3:
            continue
        ident = _STANDARD_ID.match(line.cells[0])
        rating = normalise_rating(line.cells[2])
        if not ident or rating is None or rating in MET_SCALE or ident.group("id") in found:
            continue
        standard_id = ident.group("id")
        body_line = next(
            (n for title, n in headings.items() if re.match(rf"^{re.escape(standard_id)}\.?\s", title)), None
        )
        found[standard_id] = Rating(
            standard_id=standard_id,
            standard_name=line.cells[1],
            rating=rating,
            line=line.number,
            rating_as_printed=line.cells[2] if line.cells[2] != rating else None,
            body_heading_line=body_line,
            footnotes=line.footnotes,
        )
    return list(found.values())


def _key_questions(lines: list[CleanLine]) -> list[KeyQuestion]:
    """Rows "2.1.1. Does assessment focus …?<TAB>66%" of the key-question tables."""
    found: dict[str, KeyQuestion] = {}
    for line in lines:
        if len(line.cells) < 2:
            continue
        cells = line.cells
        if re.match(r"^[1-9]\.[1-9]\.[1-9]\.?$", cells[0]) and len(cells) >= 3:
            # The question number printed in a cell of its own: "2.1.1.<TAB>Does …?<TAB>69%".
            cells = (f"{cells[0]} {cells[1]}",) + cells[2:]
        match = _KEY_QUESTION.match(cells[0])
        value = cells[-1]
        percent = parse_percent(value)
        if not match or (percent is None and value not in ("-", "–", "n/a", "N/A")):
            continue
        if match.group("id") in found:
            continue
        found[match.group("id")] = KeyQuestion(
            id=match.group("id"),
            text=match.group("text"),
            percent=as_number(percent),
            value_as_printed=value.replace(" ", ""),
            line=line.number,
            footnotes=line.footnotes,
        )
    return list(found.values())


def _criteria(lines: list[CleanLine], tree: SectionTree) -> list[Rating]:
    """2007 criteria: a percentage under each "1.1 General Criterion: NAME" heading, and section-4 judgements."""
    by_id: dict[str, Rating] = {}
    # Section 4 of the 2007 framework is judged on the "well met … not met" scale in a table.
    for line in lines:
        if len(line.cells) == 3 and _STANDARD_ID.match(line.cells[0]):
            judgement = normalise_rating(line.cells[2])
            name = _CRITERION.match(f"{line.cells[0]} {line.cells[1]}")
            if judgement in MET_SCALE and name and line.cells[0] not in by_id:
                by_id[line.cells[0]] = Rating(
                    line.cells[0], _criterion_name(name.group("name")), judgement, line.number, scale="met"
                )
    for section in tree.sections:
        match = _CRITERION.match(section.title)
        if not match or match.group("id") in by_id:
            continue
        percent_line = None
        for line in lines[section.line : min(section.line + 8, section.end_line)]:
            if parse_percent(line.text) is not None and len(line.cells) == 1:
                percent_line = line
                break
        value = percent_line.text.replace(" ", "") if percent_line else None
        by_id[match.group("id")] = Rating(
            standard_id=match.group("id"),
            standard_name=_criterion_name(match.group("name")),
            rating=value,
            line=percent_line.number if percent_line else None,
            percent=as_number(parse_percent(value)) if value else None,
            body_heading_line=section.line,
            scale="percent",
        )
    if by_id:
        # A criterion listed in the contents whose heading is missing from the body is
        # still a criterion of the report: it is kept, with no score.
        for line in lines[(tree.contents_lines or (0, 0))[0] - 1 : (tree.contents_lines or (0, 0))[1]]:
            match = _CRITERION.match(line.cells[0] if line.cells else "")
            if match and match.group("id") not in by_id:
                by_id[match.group("id")] = Rating(match.group("id"), _criterion_name(match.group("name")), None, None, scale="percent")
    for standard_id, rating in list(by_id.items()):
        if rating.scale == "met":
            heading = next((s.line for s in tree.sections if (m := _CRITERION.match(s.title)) and m.group("id") == standard_id), None)
            by_id[standard_id] = Rating(**{**asdict(rating), "body_heading_line": heading})
    return [by_id[k] for k in sorted(by_id, key=lambda k: tuple(int(p) for p in k.split(".")))]


def _criterion_name(name: str) -> str:
    """Returns "PREPARING FOR SENTENCE" as "Preparing for sentence", keeping mixed-case words such as "(Punish)"."""
    # A descriptor printed in italics on the heading line is not part of the name.
    name = clean_text(re.sub(r"\*[^*]+\*", "", name)).strip()
    words = name.split()
    out = []
    for index, word in enumerate(words):
        letters = [c for c in word if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and len(letters) > 1:
            word = word.lower()
        out.append(word)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


_DOMAINS = ("Protecting the public", "Reducing reoffending", "Abiding by the sentence")
_PROVIDER_HEADINGS = {
    "crc effectiveness": "CRC",
    "nps effectiveness": "NPS",
    "the crc and nps working together": "CRC and NPS working together",
}


def _domain_judgements(lines: list[CleanLine], tree: SectionTree) -> list[Rating]:
    """2017 Quality & Impact judgements: the sentence opening each provider's part of each domain, first chapter."""
    judgements: list[Rating] = []
    seen: set[tuple[str, str]] = set()
    for section in tree.sections:
        provider = _PROVIDER_HEADINGS.get(section.title.lower())
        if provider is None or len(section.path) < 2:
            continue
        domain = next((d for d in _DOMAINS if section.path[-2].lower() == d.lower()), None)
        if domain is None or (domain, provider) in seen:
            continue
        first = next((l for l in lines[section.line : section.end_line] if l.text), None)
        if first is None:
            continue
        sentences = split_sentences(first.text)
        if not sentences:
            continue
        seen.add((domain, provider))
        judgements.append(
            Rating(
                standard_id="".join(w[0].upper() for w in domain.split() if w not in ("the", "by")),
                standard_name=domain,
                rating=sentences[0].text,
                line=first.number,
                provider=provider,
                scale="narrative",
            )
        )
    return judgements


def _overall_rating(lines: list[CleanLine]) -> tuple[str | None, int | None]:
    for index, line in enumerate(lines):
        if line.text.lower() == "overall rating":
            for following in lines[index + 1 : index + 6]:
                if following.text:
                    rating = normalise_rating(following.text)
                    if rating:
                        return rating, following.number
                    break
    for line in lines:
        match = _OVERALL.search(line.text.split(". ")[0] + ".") if "rated as" in line.text else None
        if match and (rating := normalise_rating(match.group("rating"))):
            return rating, line.number
    return None, None
