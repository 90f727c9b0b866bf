"""The judgement scales of HMI Probation's inspection frameworks."""
from __future__ import annotations

import re

# Rated inspections (2018 on): four ratings, plus "not rated" where inspectors gave none.
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
NOT_RATED = "Not rated"
# Offender Management Inspection (2007), section 4.
MET_SCALE = ("Well met", "Satisfactorily met", "Partly met", "Not met")

_RATING_ALIASES = {r.lower(): r for r in RATINGS + MET_SCALE}
_RATING_ALIASES.update({"not rated": NOT_RATED, "no rating": NOT_RATED, "unrated": NOT_RATED})
_PERCENT = re.compile(r"^(?P<value>\d{1,3}(?:\.\d+)?)\s*%$")


def normalise_rating(text: str) -> str | None:
    """Returns the canonical rating named by `text` ("Requires Improvement" -> "Requires improvement"), or None."""
    return _RATING_ALIASES.get(re.sub(r"\s+", " ", text).strip(" .*").lower())


def parse_percent(text: str) -> float | None:
    """Returns the number in a cell such as "66%" or "66 %", or None."""
    match = _PERCENT.match(text.strip())
    return float(match.group("value")) if match else None


def as_number(value: float | None) -> int | float | None:
    """Returns whole numbers as int, so that 66.0 prints as 66."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
