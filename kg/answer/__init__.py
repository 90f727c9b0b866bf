"""Answering a question: analyse → parse into a request → execute templates over the graph and retrieval over
the text → extract the answer values → compose with citations, or abstain (see pipeline.py)."""
from kg.answer.pipeline import Answerer
from kg.answer.result import Answer

__all__ = ["Answer", "Answerer"]
