"""The public entry point for the CLI and the app: one loaded index, its model and its answerer."""
from __future__ import annotations

from dataclasses import dataclass, field
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
    _dossiers: object = field(default=None, repr=False)

    @classmethod
    def open(cls, index_path: str | Path | None = None, embedder: Embedder | None = None) -> "Engine":
        """Returns an engine over the index at `index_path` (default: the `index` setting)."""
        embedder = embedder or make_embedder()
        index = load_index(Path(index_path or setting("index")), embedder, serving=True)
        retriever = Retriever(index, embedder)
        return cls(index, embedder, retriever, Answerer(retriever, float(setting("abstain_below"))))

    def warm(self) -> "Engine":
        """Builds the answerer's tables before the first question (the app and the endpoint serve many)."""
        self.answerer.warm()
        return self

    def ask(self, question: str, k: int = 5, mode: Mode = "hybrid") -> Answer:
        return self.answerer.ask(question, k=k, mode=mode)

    def dossier(self, name: str, kind: str | None = None) -> dict:
        """The dossier of the provider or owner `name` (kg/serve/dossier.py)."""
        from kg.serve.dossier import Dossiers

        if self._dossiers is None:
            self._dossiers = Dossiers(self.index)
        return self._dossiers.dossier(name, kind)

    def subjects(self) -> list[dict]:
        """Every provider and owner a dossier can be asked for."""
        from kg.serve.dossier import Dossiers

        if self._dossiers is None:
            self._dossiers = Dossiers(self.index)
        return self._dossiers.subjects()

    def search(self, query: str, k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        return self.retriever.search(query, k=k, mode=mode)

    def sparql(self, query: str):
        """Returns the rdflib Result of a read-only SPARQL query over all report graphs."""
        return self.index.dataset.query(query)
