"""Whether a text answer states the one value a question asks about its one subject.

"What was the average number of sickness absence days per staff member at Cumbria and Lancashire CRC?" asks
for one figure about one provider. Passages that print such a figure about another provider, or another figure
about this one, are near misses: when no cited sentence from a report on that provider prints a number beside
most of the words of the asked measure (and every number the question itself names, "Level 1"), the reports do
not give the value and the answer abstains.
"""
from __future__ import annotations

import re
from collections import Counter

from ingest.text import split_sentences
from kg.index.keyword import term_set, terms

_ASKS_FIGURE = re.compile(
    r"^\s*(?:according to [^,]+,\s*)?(?:what (?:percentage|proportion|share|number|fraction)\b|how (?:many|much)\b|"
    r"by what (?:percentage|proportion)\b|what was the (?:average|mean|total|number|percentage|proportion|rate)\b)",
    re.IGNORECASE)
_NUMBER = re.compile(r"\d[\d,.]*")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_QUESTION_WORDS = {"what", "how", "mani", "much", "percentag", "proport", "number", "averag", "accord", "report",
                   "inspect", "time", "wa", "did", "per", "fact", "contextu", "key", "share", "found", "measur", "have",
                   "were", "wherea", "whether"}
_SECOND_VALUE = re.compile(r"\band\s+(?:with\s+|in\s+|by\s+)?(?:how|what|which|when|who)\b", re.IGNORECASE)
MEASURE_SHARE = 0.5  # of the measure's terms a sentence must print beside its number


def asks_one_figure(text: str, asks_many: bool, providers: int) -> bool:
    """Whether a question asks for one figure about one named provider."""
    return providers == 1 and not asks_many and bool(_ASKS_FIGURE.search(text)) and not _SECOND_VALUE.search(text)


def measure_terms(question: str, provider: str) -> Counter[str]:
    """The stemmed terms of what is measured, with how often the question uses each ("community orders and
    suspended sentence orders": orders twice): the question's words less the provider's and question words."""
    named = term_set(provider)
    return Counter(t for t in terms(question) if t not in named and t not in _QUESTION_WORDS and not _NUMBER.fullmatch(t))


def states_figure(question: str, provider: str, sentences: list[str]) -> bool:
    """Whether one of `sentences` (from reports on `provider`) prints a number with the asked measure."""
    wanted = measure_terms(question, provider)
    named_numbers = {n.rstrip(".,") for n in _NUMBER.findall(question) if not _YEAR.match(n.rstrip(".,"))}
    for sentence in (piece for text in sentences for part in _parts(text) for piece in _sentences(part)):
        numbers = {n.rstrip(".,") for n in _NUMBER.findall(sentence)}
        if not numbers - named_numbers:
            continue  # no figure beyond those the question names
        if not named_numbers <= {tok.rstrip(".,%") for tok in re.findall(r"\S+", sentence)} | numbers:
            continue  # "Level 1" asked; the sentence gives Level 2
        said = term_set(sentence)
        found = sum(count for term, count in wanted.items() if term in said)
        if wanted and found / sum(wanted.values()) >= MEASURE_SHARE:
            return True
    return False


_VALUE_ONLY = re.compile(r"^\W*[£$€]?\d[\d,.]*\s*(?:%|per cent|m|k|million|days?|weeks?)?\W*$", re.IGNORECASE)


def _parts(quote: str) -> list[str]:
    """The pieces of a quote shortened with "…"; a piece that is only a value ("44.7%") joins the label after it,
    as a key fact prints them on two lines."""
    parts: list[str] = []
    for piece in quote.split("…"):
        if parts and _VALUE_ONLY.match(parts[-1]):
            parts[-1] = f"{parts[-1].strip()} {piece.strip()}"
        else:
            parts.append(piece)
    return parts


def _sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text.strip())]
