"""Score `ask` against gold questions with the metrics of shared/eval/README.md."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.citations import MAX_CITATION_LINES, quote_is_verbatim
from kg.errors import KgError

RECALL_AT = (1, 3, 5)


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    kind: str
    question: str
    answer_items: tuple[str, ...]
    evidence: tuple[tuple[str, int, int], ...]
    mechanism: str | None = None  # the `class` of questions-dev2.jsonl: the general mechanism it tests


@dataclass
class QuestionResult:
    gold: GoldQuestion
    output: dict
    recall_at: dict[int, float | None]
    items_found: int
    items_total: int
    precision: float | None
    abstention_ok: bool
    verbatim: list[bool]


@dataclass
class EvalResult:
    mode: str
    questions: list[QuestionResult]
    metrics: dict = field(default_factory=dict)


def load_gold(path: Path) -> list[GoldQuestion]:
    """Returns the gold questions in a JSON-lines file."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(
                GoldQuestion(
                    id=data["id"],
                    kind=data.get("kind", "unknown"),
                    question=data["question"],
                    answer_items=tuple(data.get("answer_items", [])),
                    evidence=tuple((e["file"], int(e["start_line"]), int(e["end_line"])) for e in data.get("evidence", [])),
                    mechanism=data.get("class"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
            raise KgError(f"{path}:{number}: not a gold question ({err})") from None
    return questions


def normalise_name(text: str) -> str:
    """Returns text normalised for item matching: case, punctuation, '&'/'and', 'CRC' spelled out or not."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"community rehabilitation company", "crc", text)
    text = re.sub(r"[^\w%£.]+", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", haystack) is not None


def score_question(gold: GoldQuestion, output: dict, report_lines: dict[str, list[str]]) -> QuestionResult:
    """Returns the metrics of one answer."""
    citations = output.get("citations", [])
    recall_at: dict[int, float | None] = {}
    for k in RECALL_AT:
        if not gold.evidence:
            recall_at[k] = None
            continue
        usable = [c for c in citations[:k] if c["end_line"] - c["start_line"] + 1 <= MAX_CITATION_LINES]
        hit = sum(
            1
            for file, start, end in gold.evidence
            if any(c["report"] == file and c["start_line"] <= end and c["end_line"] >= start for c in usable)
        )
        recall_at[k] = hit / len(gold.evidence)
    answer_text = normalise_name(output.get("answer", ""))
    labels = [normalise_name(item.get("label", "")) for item in output.get("items", [])]
    gold_items = [normalise_name(item) for item in gold.answer_items]
    found = sum(
        1 for item in gold_items if _contains(answer_text, item) or any(_contains(label, item) or label == item for label in labels)
    )
    precision = None
    if gold.kind == "list":
        # The items are the answer: a list answer without any scores 0 (shared/eval/README.md).
        matched = sum(1 for label in labels if any(_contains(label, g) or _contains(g, label) for g in gold_items))
        precision = matched / len(labels) if labels else 0.0
    abstained = bool(output.get("abstained"))
    abstention_ok = abstained if gold.kind == "negative" else not abstained
    verbatim = []
    for citation in citations:
        lines = report_lines.get(citation["report"])
        verbatim.append(
            lines is not None
            and quote_is_verbatim(lines, citation["start_line"], citation["end_line"], citation["quote"])
        )
    return QuestionResult(gold, output, recall_at, found, len(gold_items), precision, abstention_ok, verbatim)


def run_eval(engine, questions: list[GoldQuestion], mode: str = "hybrid", k: int = 5) -> EvalResult:
    """Returns the scored answers of `engine` to `questions` with retriever `mode`."""
    report_lines = _report_lines(engine)
    results = [score_question(q, engine.ask(q.question, k=k, mode=mode).to_json(), report_lines) for q in questions]
    return EvalResult(mode, results, summarise(results))


def _report_lines(engine) -> dict[str, list[str]]:
    from ingest.sources import read_document

    lines = {}
    for record in engine.index.reports.values():
        try:
            lines[record.file_name] = list(read_document(record.source).lines)
        except Exception:  # noqa: BLE001 - a moved report cannot be checked; its quotes count as unverified
            continue
    return lines


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarise(results: list[QuestionResult]) -> dict:
    """Returns metrics per question kind, per mechanism class ("class:enumeration") and overall."""
    groups: dict[str, list[QuestionResult]] = defaultdict(list)
    for result in results:
        groups[result.gold.kind].append(result)
        if result.gold.mechanism:
            groups[f"class:{result.gold.mechanism}"].append(result)
        groups["overall"].append(result)
    metrics = {}
    for kind, members in groups.items():
        with_evidence = [m for m in members if m.gold.evidence]
        entry = {"questions": len(members)}
        for k in RECALL_AT:
            entry[f"recall@{k}"] = _mean([m.recall_at[k] for m in with_evidence])
        found = sum(m.items_found for m in members)
        total = sum(m.items_total for m in members)
        entry["item_recall"] = found / total if total else None
        precisions = [m.precision for m in members if m.precision is not None]
        entry["list_precision"] = _mean(precisions)
        entry["abstention"] = _mean([1.0 if m.abstention_ok else 0.0 for m in members])
        verbatim = [v for m in members for v in m.verbatim]
        entry["verbatim"] = _mean([1.0 if v else 0.0 for v in verbatim])
        metrics[kind] = entry
    return metrics


def calibrate_threshold(result: EvalResult) -> tuple[float, float]:
    """Returns the abstention threshold with the best abstention accuracy, and that accuracy.

    The threshold is the midpoint of the best-separating gap between answer confidences.
    """
    scored = sorted((m.output.get("confidence", 0.0), m.gold.kind == "negative") for m in result.questions)
    if not scored:
        return 0.0, 0.0
    candidates = [scored[0][0] - 1e-6] + [(a[0] + b[0]) / 2 for a, b in zip(scored, scored[1:])] + [scored[-1][0] + 1e-6]
    best = (0.0, -1.0)
    for threshold in candidates:
        correct = sum(1 for confidence, negative in scored if (confidence < threshold) == negative)
        accuracy = correct / len(scored)
        if accuracy > best[1]:
            best = (threshold, accuracy)
    return best


_COLUMNS = ("recall@1", "recall@3", "recall@5", "item_recall", "list_precision", "abstention", "verbatim")


def format_report(results: dict[str, EvalResult]) -> str:
    """Returns a text table of every metric per kind, then per mechanism class, one row per system."""
    kinds, classes = [], []
    for result in results.values():
        for kind in result.metrics:
            group = classes if kind.startswith("class:") else kinds
            if kind not in group and kind != "overall":
                group.append(kind)
    kinds += classes + ["overall"]
    header = f"{'kind':<22} {'system':<7} {'n':>3} " + " ".join(f"{c:>14}" for c in _COLUMNS)
    lines = [header, "-" * len(header)]
    for kind in kinds:
        for mode, result in results.items():
            entry = result.metrics.get(kind)
            if entry is None:
                continue
            cells = " ".join(f"{'-' if entry[c] is None else f'{entry[c]:.3f}':>14}" for c in _COLUMNS)
            lines.append(f"{kind:<22} {mode:<7} {entry['questions']:>3} {cells}")
    return "\n".join(lines)
