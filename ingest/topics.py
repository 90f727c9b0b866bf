"""The topic scheme of findings (ontology/topics.ttl): labels, synonyms and the words that signal each topic."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SKOS

TOPICS_FILE = Path(__file__).resolve().parent.parent / "ontology" / "topics.ttl"
TOPIC_NS = "https://w3id.org/probation-kg/topic/"
_PKG = Namespace("https://w3id.org/probation-kg/ontology#")


@dataclass(frozen=True)
class Topic:
    id: str
    iri: str
    label: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    pattern: re.Pattern


def _term_pattern(term: str) -> str:
    return re.escape(term.lower()).replace(r"\*", r"[\w'-]*").replace(r"\ ", r"\s+")


def _terms_pattern(terms: list[str]) -> re.Pattern:
    """Any of `terms` as whole words. The word boundaries stand outside the alternation, so a position
    inside a word fails at once instead of once per term (topics are matched against every finding)."""
    return re.compile(rf"(?<![\w])(?:{'|'.join(_term_pattern(t) for t in terms)})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_topics(path: str = str(TOPICS_FILE)) -> tuple[Topic, ...]:
    """Returns the topic scheme, in the order of the file."""
    graph = Graph().parse(path, format="turtle")
    topics = []
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        iri = str(concept)
        terms = [str(t) for t in graph.objects(concept, _PKG.matchPattern)]
        labels = [str(l) for l in graph.objects(concept, SKOS.altLabel)]
        hidden = [str(l) for l in graph.objects(concept, SKOS.hiddenLabel)]
        pattern = _terms_pattern(terms + [l.lower() for l in labels])
        topics.append(Topic(iri.removeprefix(TOPIC_NS), iri, str(graph.value(concept, SKOS.prefLabel)),
                            tuple(sorted(labels)), tuple(sorted(hidden)), pattern))
    order = Path(path).read_text(encoding="utf-8")
    return tuple(sorted(topics, key=lambda t: order.find(f"topic:{t.id} a")))


def topics_of(text: str) -> list[str]:
    """Returns the ids of the topics `text` speaks of, in scheme order."""
    return [topic.id for topic in load_topics() if topic.pattern.search(text)]
