"""The topic scheme of findings (data/topics.json): labels, synonyms and the words that signal each topic."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TOPICS_FILE = Path(__file__).resolve().parent.parent / "data" / "topics.json"


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    alt_labels: tuple[str, ...]
    pattern: re.Pattern


def _term_pattern(term: str) -> str:
    escaped = re.escape(term.lower()).replace(r"\*", r"[\w'-]*").replace(r"\ ", r"\s+")
    return rf"(?<![\w]){escaped}(?![\w])"


@lru_cache(maxsize=1)
def load_topics(path: str = str(TOPICS_FILE)) -> tuple[Topic, ...]:
    """Returns the topic scheme."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    topics = []
    for topic_id, spec in data.items():
        if topic_id.startswith("_"):
            continue
        terms = list(spec["terms"]) + [a.lower() for a in spec.get("alt_labels", [])]
        pattern = re.compile("|".join(_term_pattern(t) for t in terms), re.IGNORECASE)
        topics.append(Topic(topic_id, spec["label"], tuple(spec.get("alt_labels", [])), pattern))
    return tuple(topics)


def topics_of(text: str) -> list[str]:
    """Returns the ids of the topics `text` speaks of, in scheme order."""
    return [topic.id for topic in load_topics() if topic.pattern.search(text)]
