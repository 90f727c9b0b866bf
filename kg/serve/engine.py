"""The public entry point for the CLI and the app: one loaded index, its model and its answerer."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.index.embedder import Embedder, make_embedder
from kg.index.load import LoadedIndex, load_index
from kg.answer import Answer, Answerer
from kg.index.search import Hit, Mode, Retriever
from kg.settings import setting


@dataclass
class Engine:
    index: LoadedIndex
    embedder: Embedder
    retriever: Retriever
    answerer: Answerer

    @classmethod
    def open(cls, index_path: str | Path | None = None, embedder: Embedder | None = None) -> "Engine":
        """Returns an engine over the index at `index_path` (default: the `index` setting)."""
        embedder = embedder or make_embedder()
        index = load_index(Path(index_path or setting("index")), embedder)
        retriever = Retriever(index, embedder)
        return cls(index, embedder, retriever, Answerer(retriever, float(setting("abstain_below"))))

    def warm(self) -> "Engine":
        """Builds the answerer's tables before the first question (the app and the endpoint serve many)."""
        self.answerer.warm()
        return self

    def ask(self, question: str, k: int = 5, mode: Mode = "hybrid") -> Answer:
        return self.answerer.ask(question, k=k, mode=mode)

    def search(self, query: str, k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        return self.retriever.search(query, k=k, mode=mode)

    def sparql(self, query: str):
        """Returns the rdflib Result of a read-only SPARQL query over all report graphs."""
        return self.index.dataset.query(query)
