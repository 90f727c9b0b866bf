"""The parse: a question read as a typed request over the ontology.

A request names what the answer is (a class of the ontology, or a value of a type), the constraints on it
(providers, owners, standards, topics, polarity, years, frameworks, thresholds), the aggregation asked for
(count, max/min, same in all, in both, spread, the change between inspections, a comparison), and the
template of the graph that answers it. Execution selects templates by this record alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.answer.analyse import Question

_KEY_QUESTIONS = re.compile(r"\bkey[- ]questions?\b|% yes", re.I)
_STANDARD_PREFIX = re.compile(r"\bstandard\s+([1-9]\.[1-9])\b", re.I)
# Aggregation words, in the order they are tried: a spread ("the gap between the highest and lowest") is read
# before a maximum, and "higher than both/all of the others on every …" before a plain maximum.
_AGGREGATIONS: tuple[tuple[str, re.Pattern], ...] = (
    ("spread", re.compile(r"\b(?:gap|difference|spread|range)\b.{0,60}\b(?:highest|lowest|widest|narrowest|largest|"
                          r"smallest)\b|\b(?:widest|narrowest)\b", re.I)),
    ("top in all", re.compile(r"\b(?:higher|better|more) than (?:both|all|each) (?:of )?(?:the )?others?\b.{0,40}\b(?:every|"
                              r"all|each)\b|\b(?:every|all|each)\b.{0,60}\b(?:higher|better) than (?:both|all|each) (?:of )?"
                              r"(?:the )?others?\b", re.I)),
    ("same in all", re.compile(r"\bsame (?:in|for|across) (?:all|every|each|both)\b|\bin (?:all|every one) of\b|"
                               r"\b(?:rated|judged|given) (?:the )?same\b|\bsame (?:rating|judgement|score)s?\b", re.I)),
    ("in both", re.compile(r"\bin both\b|\bboth (?:reports|inspections)\b", re.I)),
    ("change", re.compile(r"\bchange[sd]?\b.{0,40}\b(?:between|since|from)\b|\b(?:improved|declined|worsened)\b.{0,40}"
                          r"\b(?:between|since|from)\b", re.I)),
    ("max", re.compile(r"\b(?:highest|most|largest|greatest|best|top|widest|biggest)\b", re.I)),
    ("min", re.compile(r"\b(?:lowest|fewest|least|smallest|worst|narrowest)\b", re.I)),
    ("compare", re.compile(r"\bcompar\w*\b|\bversus\b|\bvs\.?\b", re.I)),
)
_INSPECTOR = re.compile(r"\binspector\b|\binspection\b.{0,30}\b(?:led|lead|signed)\b|\b(?:led|lead)\b.{0,30}\binspection\b", re.I)
_OVER_FACTS = ("spread", "top in all", "max", "min", "count")
_EACH = re.compile(r"\b(?:in|for|of) each\b|\beach of\b|\bhow many\b.{0,80}\beach\b|\bdid each\b", re.I)
_VALUE_TYPES: tuple[tuple[str, re.Pattern], ...] = (
    ("percentage", re.compile(r"\bwhat (?:percentage|proportion|per ?cent|share)\b|\bhow many per ?cent\b|% yes", re.I)),
    ("number", re.compile(r"\bhow many\b|\bhow much\b|\bwhat (?:(?:was|is|were) the )?(?:average |mean |total |median )?"
                          r"(?:number|total|count|average|mean)\b", re.I)),
    ("rating", re.compile(r"\b(?:rated(?! inspections?)|rating|ratings|judged)\b", re.I)),
    ("person", re.compile(r"^\s*(?:according to [^,]+,\s*)?who\b(?!.*\b(?:owns?|owned)\b)|\bwhich (?:person|chief|inspector)\b|"
                          r"\bname of the (?:chief |lead )?inspector\b", re.I)),
    ("date", re.compile(r"\bwhen\b|\bwhat (?:date|year|month)\b", re.I)),
)


@dataclass
class Request:
    """What a question asks, as the executor reads it."""

    text: str
    question: Question
    target: str  # the ontology class (or value type) of the answer: "pkg:CRC", "pkg:Rating", "value:number", "text"
    template: str | None  # the graph template that answers it, or None (text only)
    aggregation: str | None = None  # count, max, min, spread, top in all, same in all, in both, change, compare
    per_subject: bool = False  # a value for each of several providers ("how many … in each …")
    value_type: str | None = None  # percentage, number, rating, person, date: a one-value question's type
    standard_prefix: str | None = None  # "standard 2.4": the key questions 2.4.x
    parts: list["Request"] = field(default_factory=list)

    def to_json(self) -> dict:
        """Returns the request for `ask --json` and the app's "Why this answer"."""
        q = self.question
        request = {
            "target": self.target, "template": self.template, "aggregation": self.aggregation,
            "per_subject": self.per_subject or None, "value_type": self.value_type,
            "answer_types": list(q.answer_types), "providers": [p.canonical for p in q.providers],
            "owners": [o.canonical for o in q.owners], "polarity": q.polarity, "topics": q.topics,
            "standards": q.standards, "standard_prefix": self.standard_prefix, "rating_values": q.rating_values,
            "key_question": q.key_question, "years": q.years, "frameworks": q.frameworks,
            "asks": [name for name, asked in (("rating", q.asks_rating), ("recommendation", q.asks_recommendation),
                                              ("ownership", q.asks_ownership), ("members", q.asks_members),
                                              ("count", q.asks_count), ("reports", q.asks_reports),
                                              ("several things", q.asks_many)) if asked],
        }
        if self.parts:
            request["parts"] = [part.to_json() for part in self.parts]
        return {key: value for key, value in request.items() if value not in (None, [], (), False)}


def parse(question: Question) -> Request:
    """Returns the request a question (analysed) makes, with one part per clause that asks its own thing."""
    request = _parse_part(question)
    request.parts = [_parse_part(part) for part in question.parts]
    if request.parts and request.template is None:
        request.template = next((p.template for p in request.parts if p.template), None)
    return request


def _parse_part(question: Question) -> Request:
    text = question.text
    aggregation = next((name for name, pattern in _AGGREGATIONS if pattern.search(text)), None)
    if aggregation is None and question.asks_count:
        aggregation = "count"
    value_type = next((name for name, pattern in _VALUE_TYPES if pattern.search(text)), None)
    prefix = _STANDARD_PREFIX.search(text)
    standard_prefix = prefix.group(1) if prefix and not question.key_question and _KEY_QUESTIONS.search(text) else None
    template = _template(question, standard_prefix, aggregation)
    if template is None and value_type == "person" and _INSPECTOR.search(text):
        template = "people"
    target = _target(question, template, value_type)
    per_subject = bool(_EACH.search(text)) and value_type == "number" or (
        aggregation == "compare" and len(question.providers) >= 2 and template is None)
    return Request(text, question, target, template, aggregation, per_subject, value_type, standard_prefix)


def _template(part: Question, standard_prefix: str | None, aggregation: str | None) -> str | None:
    """The graph template that answers a clause, chosen by what it asks and about whom."""
    if part.follow_up and not (part.key_question or (part.asks_rating and part.standards)):
        return None
    over_key_questions = part.providers or part.answer_types or standard_prefix or aggregation in _OVER_FACTS
    if part.key_question or (_KEY_QUESTIONS.search(part.text) and over_key_questions):
        return "key questions"
    if part.asks_rating and (part.standards or part.rating_values or part.providers or "overall" in part.text.lower()
                             or aggregation in ("same in all", "in both")):
        return "ratings"
    if part.asks_ownership and (part.owners or part.providers):
        return "ownership"
    if part.asks_recommendation and part.answer_types:
        return "recommendations"
    if part.answer_types and (part.polarity or part.topics) and part.is_list:
        return "findings"
    return None


def _target(part: Question, template: str | None, value_type: str | None) -> str:
    if template == "ratings":
        return "pkg:Rating"
    if template == "key questions":
        return "pkg:KeyQuestionResult"
    if template == "recommendations":
        return "pkg:Recommendation"
    if template == "ownership":
        return "pkg:Owner"
    if template == "people":
        return "pkg:Person"
    if part.answer_types and part.is_list:
        return " | ".join(f"pkg:{t}" for t in part.answer_types)
    if value_type:
        return f"value:{value_type}"
    return "text"
