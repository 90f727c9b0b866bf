"""The derived index of a folder of reports: reading each report into its graph, embedding chunks and
sentences, the FAISS and BM25 indexes, the manifest, and hybrid search over them."""
from kg import public_api

__getattr__, __all__ = public_api(__name__, {
    "ingest": "build",
    "remove_reports": "build",
    "embedding_text": "build",
    "make_embedder": "embedder",
    "load_index": "load",
    "VectorIndex": "vectors",
    "PROBE_SHARE": "vectors",
    "MODES": "search",
    "chunk_sentences": "sentences",
    "report_graphs": "export",
    "export_graph": "export",
})
