"""What kind of publication a file is, and what kind of inspection it reports, from its layout and words."""
from __future__ import annotations

import re

from ingest.normalise import CleanLine

_SAID = re.compile(r"\b(?:said|added|continued)\b[,:]?\s*[“\"]|[”\"],?\s+(?:said|added)\b|\bsaid\s*:|"
                   r"\bsaid\s+(?:Dame|Sir|Mr|Ms|Mrs|Dr)\b|\bsays?\s+(?:the\s+)?(?:chief inspector|inspectors)\b|"
                   r"\breport published today\b|\bpublish(?:ed|ing) the report\b|according to (?:a|the) (?:new )?"
                   r"(?:inspection )?report", re.IGNORECASE)
# The three domains of a Quality & Impact inspection (2016-2017), named in its reports and releases.
_QI_DOMAINS = re.compile(r"protecting the public|reducing reoffending|abiding by the sentence", re.IGNORECASE)
_OPENING = re.compile(r"^(?:©\s*Crown copyright|Contents\b|This inspection was led by|Acknowledgements$)|"
                      r"Chief Inspector['’]s judgement", re.IGNORECASE)
_FOREWORD = re.compile(r"^Foreword\b", re.IGNORECASE)


def document_kind(lines: list[CleanLine], sections: int) -> str:
    """Returns full-report, report-foreword, report-opening, press-release, annual-report or web-page."""
    head = " ".join(l.text for l in lines[:5]).lower()
    if "annual report" in head:
        return "annual-report"
    if len(lines) > 400 and sections >= 5:
        return "full-report"
    if any(_FOREWORD.match(l.text) for l in lines[:6]):
        return "report-foreword"
    if any(_OPENING.search(l.text) for l in lines[:40]):
        return "report-opening"
    if sum(bool(_SAID.search(l.text)) for l in lines) >= 1:
        return "press-release"
    return "web-page"


def inspection_kind(text: str, framework: str | None, provider_types: list[str]) -> str:
    """Returns the kind of inspection a publication reports (the labels of ontology/frameworks.ttl).

    `provider_types` are the types of the providers the text names, the one it is about first.
    """
    lower = text.lower()
    if "dynamic inspection of public protection" in lower:
        return "dynamic inspection of public protection"
    if re.search(r"\bjoint (?:thematic )?inspection\b|inspectorates? of prisons?|\bboth inspectorates\b|"
                 r"chief inspectors? of probation and prisons?", lower):
        return "joint thematic inspection"
    if re.search(r"\bre-?inspection\b", lower):
        return "reinspection"
    if framework == "omi" or "offender management inspection" in lower:
        return "offender management inspection"
    unrated = framework in (None, "qi") and not re.search(r"\brated\b", lower)
    if framework == "qi" or "quality & impact" in lower or "quality and impact" in lower or unrated and (
            {"CRC", "NPSDivision"} <= set(provider_types[:3]) or len(set(_QI_DOMAINS.findall(lower))) >= 2):
        return "quality & impact inspection"
    if "central functions" in lower:
        return "inspection of NPS central functions"
    for kind, label in (("PDU", "PDU inspection"), ("Region", "regional inspection"), ("CRC", "CRC inspection"),
                        ("NPSDivision", "NPS division inspection")):
        if kind in provider_types[:1]:
            return label
    if re.search(r"transforming rehabilitation|through the gate|thematic", lower):
        return "thematic inspection"
    return "other"
