"""The `probation-kg` command line."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from ingest.sources import SourceError
from kg.errors import KgError
from kg.index import MODES
from kg.settings import PROJECT_ROOT, SETTINGS, setting


class _Group(click.Group):
    """Turns errors a user can act on into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (KgError, SourceError) as err:
            raise click.ClickException(str(err)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as err:  # noqa: BLE001 - the last line of defence against tracebacks
            if os.environ.get("PROBATION_KG_DEBUG"):
                raise
            raise click.ClickException(
                f"unexpected {type(err).__name__}: {err} (set PROBATION_KG_DEBUG=1 for details)"
            ) from None


def _index_option(function):
    return click.option(
        "--index",
        "index_path",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"{SETTINGS['index'].help} [default: data/index; env {SETTINGS['index'].env}]",
    )(function)


def _resolve_index(index_path: Path | None) -> Path:
    return index_path or Path(setting("index"))


_ENGINES: dict[Path, object] = {}


def _engine(index_path: Path | None):
    from kg.serve import Engine

    path = _resolve_index(index_path)
    if path not in _ENGINES:
        _ENGINES[path] = Engine.open(path)
    return _ENGINES[path]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="probation-kg")
def cli() -> None:
    """Knowledge graph and cited search over HM Inspectorate of Probation reports."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_index_option
@click.option("--rebuild", is_flag=True, help="Discard the existing index and build it again from PATHS.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[Path, ...], index_path: Path | None, rebuild: bool, quiet: bool) -> None:
    """Ingest report files or folders (default: data/reports/) into the index."""
    from kg.index import ingest as run_ingest
    from kg.index import make_embedder

    started = time.perf_counter()
    targets = list(paths) or [Path(setting("reports"))]
    summary = run_ingest(targets, _resolve_index(index_path), make_embedder(), rebuild=rebuild, show_progress=not quiet)
    for path, reason in summary.skipped:
        click.echo(f"Skipped {path}: {reason}", err=True)
    for path, warning in summary.warnings:
        click.echo(f"Warning: {path}: {warning}", err=True)
    for path, problem in summary.failed:
        click.echo(f"Error: {path}: {problem}", err=True)
    click.echo(f"{summary.describe()} ({time.perf_counter() - started:.1f} s)")
    if summary.failed:
        raise SystemExit(1)


@cli.command()
@click.argument("reports", nargs=-1, required=True)
@_index_option
def remove(reports: tuple[str, ...], index_path: Path | None) -> None:
    """Remove REPORTS (ids or file names) and their chunks and graphs from the index."""
    from kg.index import remove_reports
    from kg.index import make_embedder

    summary = remove_reports(list(reports), _resolve_index(index_path), make_embedder())
    click.echo(f"Removed {', '.join(summary.removed)}. Index now holds {summary.total_reports} report(s), "
               f"{summary.total_chunks} chunk(s), {summary.triples} triples.")


@cli.command()
@_index_option
def validate(index_path: Path | None) -> None:
    """Check every report graph against the SHACL shapes of ontology/shapes.ttl."""
    from kg.index import report_graphs
    from kg.graph import validate_graph

    failures = 0
    for report_id, graph in report_graphs(_engine(index_path).index):
        conforms, messages = validate_graph(graph)
        click.echo(f"{report_id}: {'conforms' if conforms else f'{len(messages)} violation(s)'} ({len(graph)} triples)")
        for message in messages[:10]:
            click.echo(f"  {message}")
        failures += not conforms
    if failures:
        raise click.ClickException(f"{failures} report graph(s) do not conform")


@cli.command()
@click.option("--report", "report_id", default=None, help="Export one report's named graph (default: the whole dataset).")
@click.option("--format", "output_format", type=click.Choice(["turtle", "nquads", "jsonld", "trig"]), default="nquads",
              show_default=True, help="RDF serialisation.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: standard output].")
@_index_option
def export(report_id: str | None, output_format: str, output: Path | None, index_path: Path | None) -> None:
    """Export the graph (or one report's graph) as Turtle, N-Quads, TriG or JSON-LD."""
    from kg.index import export_graph

    data = export_graph(_engine(index_path).index, output_format, report_id)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        output.write_bytes(data)
        click.echo(f"Wrote {len(data):,} bytes to {output}")


@cli.command()
@click.argument("text")
@click.option("--k", default=10, show_default=True, type=click.IntRange(1, 1000), help="Number of chunks.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True, help="Retriever.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_index_option
def search(text: str, k: int, mode: str, as_json: bool, index_path: Path | None) -> None:
    """Print the chunks that best match TEXT, each with a citation and its score."""
    from kg.serve import search_results

    engine = _engine(index_path)
    results = search_results(text, engine.search(text, k=k, mode=mode))
    if as_json:
        click.echo(json.dumps({"query": text, "results": results}, ensure_ascii=False, indent=2))
        return
    if not results:
        click.echo("No matching chunks.")
    for result in results:
        click.echo(f"[{result['rank']}] {result['report']} lines {result['start_line']}-{result['end_line']} "
                   f"({result['section']}) score {result['score']:.4f}")
        click.echo(f"    {result['quote']}")


@cli.command()
@click.argument("question")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 50), help="Maximum citations.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True, help="Retriever.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object a line when QUESTION is '-').")
@_index_option
def ask(question: str, k: int, mode: str, as_json: bool, index_path: Path | None) -> None:
    """Answer QUESTION with cited lines; '-' reads one question a line from standard input."""
    from kg.serve import answer_text

    engine = _engine(index_path)
    questions = [line.strip() for line in sys.stdin if line.strip()] if question == "-" else [question]
    for text in questions:
        answer = engine.ask(text, k=k, mode=mode)
        if as_json:
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=None if question == "-" else 2))
        else:
            click.echo(answer_text(answer))


@cli.command()
@click.argument("name")
@click.option("--kind", type=click.Choice(["provider", "owner"]), default=None, help="Which NAME is (when both match).")
@click.option("--json", "as_json", is_flag=True, help="Print the dossier as JSON.")
@click.option("--format", "output_format", type=click.Choice(["markdown", "csv"]), default="markdown",
              show_default=True, help="Print the dossier as Markdown or as CSV (one fact per row).")
@_index_option
def profile(name: str, kind: str | None, as_json: bool, output_format: str, index_path: Path | None) -> None:
    """The dossier of the provider or owner NAME: inspections, ratings, findings and owners, each cited."""
    from kg.serve import dossier_csv, dossier_markdown

    dossier = _engine(index_path).dossier(name, kind)
    if as_json:
        click.echo(json.dumps(dossier, ensure_ascii=False, indent=2))
    else:
        click.echo(dossier_csv(dossier) if output_format == "csv" else dossier_markdown(dossier), nl=False)


@cli.command()
@click.argument("query")
@click.option("--format", "output_format", type=click.Choice(["json", "csv", "table"]), default="table",
              show_default=True, help="json is the SPARQL 1.1 results JSON.")
@_index_option
def sparql(query: str, output_format: str, index_path: Path | None) -> None:
    """Run a read-only SPARQL query (a string, a .rq file, or '-' for standard input)."""
    from kg.graph import query_results

    if query == "-":
        query = sys.stdin.read()
    elif query.endswith(".rq") and Path(query).is_file():
        query = Path(query).read_text(encoding="utf-8")
    text, truncated = query_results(_engine(index_path).index.dataset, query, output_format)
    click.echo(text, nl=False)
    if truncated and output_format != "table":
        click.echo(f"Warning: results cut at {setting('sparql_max_rows')} rows (PROBATION_KG_SPARQL_MAX_ROWS)", err=True)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON in the shape of shared/eval/extraction (the default).")
def extract(file: Path, as_json: bool) -> None:
    """Print what the extraction rules find in one report FILE: metadata, ratings, recommendations and more."""
    from ingest.extract.report import extract_report
    from ingest.sources import read_document

    extraction = extract_report(read_document(file))
    for warning in extraction.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))


@cli.command(name="eval-extraction")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--reports", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of the report files named in the gold files [default: data/reports].")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_extraction(gold: tuple[Path, ...], reports: Path | None, as_json: bool) -> None:
    """Score the extraction rules against gold extraction files (or a folder of them)."""
    from kg.evaluate import evaluate_extraction, format_extraction_report

    files = [f for g in gold for f in (sorted(g.glob("*.json")) if g.is_dir() else [g])]
    scores = evaluate_extraction(files, reports or Path(setting("reports")))
    click.echo(json.dumps(scores, indent=2) if as_json else format_extraction_report(scores))


@cli.command(name="eval-corpus")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of the files the gold lines name [default: the folder 'corpus' beside the gold's folder].")
@click.option("--json", "as_json", is_flag=True, help="Print the scores and misses as JSON.")
def eval_corpus(gold: Path, corpus: Path | None, as_json: bool) -> None:
    """Score extract's corpus-facts keys (providers, ratings, owners, people, dates, figures) against GOLD."""
    from kg.evaluate import evaluate_corpus, format_corpus_report

    result = evaluate_corpus(gold, corpus or gold.resolve().parent.parent / "corpus")
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else format_corpus_report(result))


@cli.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 50), help="Citations per answer.")
@click.option("--modes", default="hybrid,bm25,dense", show_default=True, help="Systems to score, comma-separated.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--calibrate", is_flag=True, help="Also print the abstention threshold that best separates negatives.")
@_index_option
def evaluate(gold: tuple[Path, ...], k: int, modes: str, as_json: bool, calibrate: bool, index_path: Path | None) -> None:
    """Score `ask` on gold question files (together), per kind and per class, beside BM25-only and dense-only."""
    from kg.evaluate import calibrate_threshold, format_report, load_gold, run_eval

    chosen = [m.strip() for m in modes.split(",") if m.strip()]
    unknown = [m for m in chosen if m not in MODES]
    if unknown:
        raise click.BadParameter(f"unknown mode(s) {', '.join(unknown)}; choose from {', '.join(MODES)}")
    engine = _engine(index_path)
    questions = [question for file in gold for question in load_gold(file)]
    results = {mode: run_eval(engine, questions, mode=mode, k=k) for mode in chosen}
    if as_json:
        click.echo(json.dumps({m: r.metrics for m, r in results.items()}, indent=2))
    else:
        click.echo(format_report(results))
    if calibrate:
        threshold, accuracy = calibrate_threshold(results[chosen[0]])
        click.echo(f"Calibrated abstention threshold: {threshold:.4f} (abstention accuracy {accuracy:.1%})")


@cli.command(name="serve-sparql")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@_index_option
def serve_sparql(host: str, port: int, index_path: Path | None) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at /sparql, and questions at /ask?q=."""
    from kg.serve import ASK_PATH, ENDPOINT_PATH, make_server

    engine = _engine(index_path).warm()
    server = make_server(engine.index.dataset, host, port, engine=engine)
    base = f"http://{host}:{server.server_address[1]}"
    click.echo(f"SPARQL endpoint on {base}{ENDPOINT_PATH} (read-only), questions on {base}{ASK_PATH}?q= (Ctrl-C stops it)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535), help="Port on 127.0.0.1.")
@_index_option
def serve(port: int, index_path: Path | None) -> None:
    """Start the Streamlit app on localhost."""
    import subprocess

    app = PROJECT_ROOT / "app.py"
    if not app.is_file():
        raise KgError(f"app.py not found next to the kg package ({app}); install the project with `pip install -e .`")
    env = dict(os.environ)
    if index_path:
        env[SETTINGS["index"].env] = str(index_path)
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--runner.postScriptGC", "false",
    ]
    click.echo(f"Serving on http://127.0.0.1:{port}")
    raise SystemExit(subprocess.call(command, env=env))


def main() -> None:
    """Console entry point."""
    cli(prog_name="probation-kg")


if __name__ == "__main__":
    main()
