"""Measures ingest, re-ingest, ask, search and SPARQL speed and peak memory; prints figures (or one JSON object).

    python -m benchmarks                 # the bundled reports (data/reports)
    python -m benchmarks --quick --json  # under a minute: fewer repetitions and questions
    python -m benchmarks --size 100      # 100 synthetic reports built from the bundled ones
    python -m benchmarks --questions ../shared/eval/questions-dev.jsonl

Ingest is timed cold (empty index, model already loaded) and split into its phases; the same texts are
then embedded again alone, so `ingest_vs_embed_ratio` says how much ingest costs beyond the embedding
it cannot avoid. SPARQL runs the example queries of ontology/queries on the Oxigraph store (as users
run them: read-only, bounded, in a worker process) and on rdflib's in-memory store loaded with the same
quads.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "ontology" / "queries"
QUESTIONS = Path(__file__).resolve().parent / "questions.txt"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _questions(path: Path, limit: int | None) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [json.loads(line)["question"] if line.lstrip().startswith("{") else line.strip() for line in lines]
    return questions[:limit] if limit else questions


def _peak_mb() -> float:
    """The process's peak resident memory since it started or since `_reset_peak`."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports kilobytes


def _reset_peak() -> None:
    """Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM); elsewhere the peak stays global.
    Memory the ingest freed is first handed back to the system, as a fresh serving process would start."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


QUERY_ERRORS: dict[str, str] = {}


def _time_queries(dataset, runs: int) -> dict[str, float]:
    from kg.errors import KgError
    from kg.graph import run_query

    medians = {}
    for file in sorted(QUERIES.glob("*.rq")):
        query = file.read_text(encoding="utf-8")
        times = []
        try:
            run_query(dataset, query, "csv")  # warm
            for _ in range(runs):
                started = time.perf_counter()
                run_query(dataset, query, "csv")
                times.append(time.perf_counter() - started)
        except KgError as err:
            QUERY_ERRORS[file.stem] = str(err)  # reported with the figures
            times = [float(setting("sparql_time_limit"))]  # counted at the time limit
        medians[file.stem] = statistics.median(times)
    return medians


def setting(name: str) -> str:
    from kg.settings import setting as read

    return read(name)


def _memory_dataset(store_path: Path):
    """rdflib's in-memory Dataset holding the same quads as the Oxigraph store at `store_path`."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from kg.graph import PREFIXES

    data = ox.Store.read_only(str(store_path)).dump(format=ox.RdfFormat.N_QUADS)
    dataset = Dataset(default_union=False)  # the dump's default graph is the union, as in the Oxigraph store
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def run(args: argparse.Namespace) -> dict:
    """Every measure: ingest (cold, unchanged again), then serving (ask, search, SPARQL, memory)."""
    from kg.index import make_embedder

    results: dict = {"quick": args.quick, "cores": os.cpu_count()}
    work = Path(tempfile.mkdtemp(prefix="probation-kg-bench-"))
    folder = _reports_folder(args, work, results)
    started = time.perf_counter()
    embedder = make_embedder()
    embedder.embed(["model warm-up"])
    results["model_load_s"] = round(time.perf_counter() - started, 2)
    index_path = work / "index"
    _measure_ingest(folder, index_path, embedder, results)
    _measure_serving(args, index_path, embedder, results)
    if args.keep:
        results["kept_index"] = str(index_path)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _reports_folder(args: argparse.Namespace, work: Path, results: dict) -> Path:
    """The folder of reports to ingest: the bundled ones, or `--size` synthetic ones generated from them."""
    from ingest.sources import find_report_files

    folder = Path(args.reports)
    if args.size:
        from benchmarks.synthetic import generate

        started = time.perf_counter()
        generate(args.size, work / "reports")
        results["generate_s"] = round(time.perf_counter() - started, 2)
        folder = work / "reports"
    results["reports"] = len(find_report_files([folder]))
    return folder


def _measure_ingest(folder: Path, index_path: Path, embedder, results: dict) -> None:
    """A cold ingest by phase, beside the pure embedding time of the same texts; then an unchanged re-ingest."""
    from kg.index import chunk_sentences, embedding_text, ingest, load_index

    started = time.perf_counter()
    summary = ingest([folder], index_path, embedder, show_progress=False)
    results["ingest_s"] = round(time.perf_counter() - started, 2)
    results["peak_memory_ingest_mb"] = _peak_mb()
    results["ingest_phases_s"] = {phase: round(seconds, 2) for phase, seconds in summary.timings.items()}
    results["chunks"] = summary.total_chunks
    results["triples"] = summary.triples
    index = load_index(index_path, embedder)
    sentences = sorted({text for chunk in index.chunks for _, text in chunk_sentences(chunk)})
    # What ingest embeds: each chunk, each distinct sentence, and each finding that is not one of those sentences.
    extra_findings = sorted({f.text for f in index.findings} - set(sentences))
    texts = [embedding_text(c) for c in index.chunks] + sentences + extra_findings
    results["sentences"] = len(sentences)
    results["findings"] = len(index.findings)
    results["findings_embedded_apart"] = len(extra_findings)
    started = time.perf_counter()
    embedder.embed(texts)
    results["pure_embed_s"] = round(time.perf_counter() - started, 2)
    results["ingest_vs_embed_ratio"] = round(results["ingest_s"] / results["pure_embed_s"], 3)
    started = time.perf_counter()
    ingest([folder], index_path, embedder, show_progress=False)
    results["reingest_unchanged_s"] = round(time.perf_counter() - started, 3)
    env = {**os.environ, "PROBATION_KG_INDEX": str(index_path)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(folder), "--quiet"], env=env, check=True,
                   capture_output=True)
    results["reingest_unchanged_cli_s"] = round(time.perf_counter() - started, 3)


def _measure_serving(args: argparse.Namespace, index_path: Path, embedder, results: dict) -> None:
    """Warm ask and search latency, SPARQL on Oxigraph (and on rdflib's memory store), the serving memory peak."""
    from kg.serve import Engine

    _reset_peak()  # the serving peak: an open index answering questions and queries
    engine = Engine.open(index_path, embedder)
    started = time.perf_counter()
    engine.warm()
    results["warm_s"] = round(time.perf_counter() - started, 2)
    results["vector_index"] = engine.index.vectors.kind
    questions = _questions(Path(args.questions), 12 if args.quick else None)
    _time_answers(engine, embedder, questions, results)
    if engine.index.vectors.kind != "flat":
        results["vector_recall_at_10"] = _vector_recall(engine, questions)
        results["vector_nprobe"] = f"{engine.index.vectors.nprobe} of {engine.index.vectors.nlist} lists"
    oxigraph = _time_queries(engine.index.dataset, 3 if args.quick else 7)
    results["sparql_median_ms"] = _ms(statistics.median(oxigraph.values()))
    results["sparql_max_ms"] = _ms(max(oxigraph.values()))
    results["sparql_ms_by_query"] = {name: _ms(seconds) for name, seconds in oxigraph.items()}
    if QUERY_ERRORS:
        results["sparql_errors"] = dict(QUERY_ERRORS)
    results["peak_memory_serving_mb"] = _peak_mb()
    results["peak_memory_mb"] = max(results["peak_memory_ingest_mb"], results["peak_memory_serving_mb"])
    # After the serving peak: the sweep builds a second index over a copy of the vectors.
    if args.size or args.sweep_questions:
        from benchmarks.vectors import sweep

        asked = questions + [q for path in args.sweep_questions for q in _questions(Path(path), None)]
        results["ivf_sweep"] = sweep(engine.index.vectors, engine.embedder.embed(list(dict.fromkeys(asked))))
    if not args.no_memory_store:
        memory = _time_queries(_memory_dataset(engine.index.dataset_path), 1 if args.quick else 3)
        results["sparql_memory_median_ms"] = _ms(statistics.median(memory.values()))
        results["sparql_speedup_vs_memory"] = round(statistics.median(memory.values()) / statistics.median(oxigraph.values()), 1)
        results["sparql_memory_ms_by_query"] = {name: _ms(seconds) for name, seconds in memory.items()}
        results["peak_memory_with_rdflib_store_mb"] = _peak_mb()


def _time_answers(engine, embedder, questions: list[str], results: dict) -> None:
    """Question encoding (the floor), a new question's answer (its vectors embedded), the same again, search."""
    engine.ask(questions[0])  # warm: first SPARQL plans and caches
    for question in questions:  # and once more each, as a page rerun does: the repeat figures
        engine.ask(question)
    encode_times = []
    for question in questions:  # the floor of an answer: encoding its question once
        started = time.perf_counter()
        embedder.embed([question])
        encode_times.append(time.perf_counter() - started)
    results["question_encode_ms"] = _ms(statistics.median(encode_times))
    ask_times, repeat_times, search_times = [], [], []
    for question in questions:
        engine.retriever.forget_queries()  # a question not asked before: its vectors are embedded
        started = time.perf_counter()
        engine.ask(question)
        ask_times.append(time.perf_counter() - started)
        results.setdefault("ask_ms_by_question", {})[question] = _ms(ask_times[-1])
        started = time.perf_counter()
        engine.ask(question)
        repeat_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        engine.search(question)
        search_times.append(time.perf_counter() - started)
    results.update(
        questions=len(questions),
        ask_p50_ms=_ms(_percentile(ask_times, 0.5)), ask_p95_ms=_ms(_percentile(ask_times, 0.95)),
        ask_max_ms=_ms(max(ask_times)),
        ask_vs_encode=round(_percentile(ask_times, 0.5) / statistics.median(encode_times), 2),
        ask_repeat_p50_ms=_ms(_percentile(repeat_times, 0.5)), ask_repeat_p95_ms=_ms(_percentile(repeat_times, 0.95)),
        search_p50_ms=_ms(_percentile(search_times, 0.5)), search_p95_ms=_ms(_percentile(search_times, 0.95)),
    )


def _vector_recall(engine, questions: list[str]) -> float:
    """recall@10 of the approximate index against exact search over the same vectors (ties counted)."""
    from benchmarks.vectors import recall_at_10

    ids, vectors = engine.index.vectors.all_vectors()
    queries = np.array([engine.retriever.embed_query(q) for q in questions])
    return recall_at_10(engine.index.vectors, ids, vectors, queries)[0]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and questions (under a minute)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--size", type=int, default=0, help="ingest this many synthetic reports instead")
    parser.add_argument("--reports", default=str(ROOT / "data" / "reports"), help="folder of reports to ingest")
    parser.add_argument("--questions", default=str(QUESTIONS), help="questions to time: .txt (one per line) or .jsonl")
    parser.add_argument("--no-memory-store", action="store_true", help="skip rdflib's in-memory store (slow when large)")
    parser.add_argument("--sweep-questions", nargs="*", default=[],
                        help="more questions (.txt or .jsonl) for the IVF recall sweep (run with --size, or when given)")
    parser.add_argument("--keep", action="store_true", help="keep the index built (its path is printed)")
    parser.add_argument("--embedder", choices=["minilm", "hashing"], default=None,
                        help="hashing: a fast stand-in for scale runs where the model's time is not the measure")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.embedder:
        os.environ["PROBATION_KG_EMBEDDER"] = args.embedder
    results = run(args)
    results["embedder"] = os.environ.get("PROBATION_KG_EMBEDDER", "minilm")
    if args.json:
        print(json.dumps(results))
        return
    for key, value in results.items():
        print(f"{key:<28} {value}")


if __name__ == "__main__":
    main()
