"""Measuring against the gold data: answers to questions, extraction from reports, facts from the corpus."""
from kg import public_api

__getattr__, __all__ = public_api(__name__, {
    "calibrate_threshold": "questions",
    "format_report": "questions",
    "load_gold": "questions",
    "run_eval": "questions",
    "evaluate_extraction": "extraction",
    "format_extraction_report": "extraction",
    "evaluate_corpus": "corpus",
    "format_corpus_report": "corpus",
})
