"""Read-only SPARQL over the dataset, printed as SPARQL JSON, CSV or a text table."""
from __future__ import annotations

import csv
import io
import itertools
import json
import queue
import re
import select
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import KgError
from kg.settings import setting

_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n\"'<>]*$", re.MULTILINE)
# SERVICE would make the engine fetch from other servers: a read-only local store never does.
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


_RECORDED: ContextVar[list[str] | None] = ContextVar("recorded_queries", default=None)


@contextmanager
def recording_queries() -> Iterator[list[str]]:
    """Collects the queries `record_query` is told of inside the block (an answer shows what it asked)."""
    queries: list[str] = []
    token = _RECORDED.set(queries)
    try:
        yield queries
    finally:
        _RECORDED.reset(token)


def record_query(query: str) -> None:
    """Notes a query an answer runs for the question itself (not a cache being filled), if one is recording."""
    if (recorded := _RECORDED.get()) is not None:
        recorded.append("\n".join(line for line in query.strip().splitlines() if line.strip()))


def select_rows(dataset: Dataset, query: str) -> list[dict]:
    """Returns the distinct rows of a SELECT the project writes itself, as {variable: Python value}.

    The project's prefixes are declared in front of `query`; the union default graph can repeat a row
    (an entity's labels sit in every report graph that names it), so repeats are dropped.
    """
    from kg.graph.store import SPARQL_PROLOGUE

    inner = getattr(dataset.store, "_store", None)
    if isinstance(inner, ox.Store):
        # Straight from Oxigraph: converting each term through rdflib costs more than the query.
        solutions = inner.query(SPARQL_PROLOGUE + query, use_default_graph_as_union=False)
        names = [v.value for v in solutions.variables]
        rows = [{n: _python(solution[n]) for n in names} for solution in solutions]
    else:
        result = dataset.query(SPARQL_PROLOGUE + query)
        names = [str(v) for v in result.vars]
        rows = [{n: (None if v is None else v.toPython()) for n, v in zip(names, row)} for row in result]
    unique = {tuple(sorted((k, str(v)) for k, v in row.items())): row for row in rows}
    return list(unique.values())


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {f"{_XSD}integer": int, f"{_XSD}int": int, f"{_XSD}long": int, f"{_XSD}decimal": Decimal,
            f"{_XSD}double": float, f"{_XSD}float": float}


def _python(term):
    """The Python value of an Oxigraph term, as rdflib's toPython gives it."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language or datatype == f"{_XSD}string":
            return term.value
        if datatype in _NUMBERS:
            try:
                return _NUMBERS[datatype](term.value)
            except (ValueError, ArithmeticError):
                return term.value
        if datatype == f"{_XSD}boolean":
            return term.value in ("true", "1")
        return Literal(term.value, datatype=URIRef(datatype)).toPython()
    return str(term)


def check_read_only(query: str) -> None:
    """Raises KgError for updates (INSERT, DELETE, LOAD, CLEAR …) and federated SERVICE calls."""
    # Keywords inside strings and IRIs ("Probation Service") are not keywords.
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>', '""', query)
    text = _COMMENT.sub("", text)
    if _UPDATE.match(text):
        raise KgError("only read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are allowed")
    if _SERVICE.search(text):
        raise KgError("SERVICE is not allowed: queries run on the local store only")


def bounded_query(dataset: Dataset, query: str, max_rows: int | None = None, time_limit: float | None = None):
    """Returns the rdflib Result of a read-only query, with at most `max_rows` SELECT rows.

    On a store kept on disk the query runs in a worker process that is killed at `time_limit` seconds
    (setting sparql_time_limit; 0 runs it here, without a limit).

    Raises:
        KgError: the query is malformed, fails or runs past the time limit.
    """
    max_rows = int(setting("sparql_max_rows")) if max_rows is None else max_rows
    time_limit = float(setting("sparql_time_limit")) if time_limit is None else time_limit
    path = getattr(dataset, "oxigraph_path", None)
    if path is not None and time_limit > 0:
        prefixes = {prefix: str(namespace) for prefix, namespace in dataset.namespaces() if prefix}
        return _pool(path).run(query, max_rows, prefixes, time_limit)
    try:
        result = dataset.query(query)
        truncated = False
        if result.type == "SELECT":
            # oxrdflib hands rdflib a generator over Oxigraph's lazy solutions; taking only what is kept
            # stops the work at the cap (rdflib's `bindings` would first read every row).
            pending = getattr(result, "_genbindings", None)
            rows = list(itertools.islice(pending, max_rows + 1)) if pending is not None else list(result.bindings)[: max_rows + 1]
            truncated = len(rows) > max_rows
            # An islice replaces the consumed generator too (a list would leave it behind).
            result.bindings = itertools.islice(rows, max_rows)
    except Exception as err:  # noqa: BLE001 - Oxigraph raises its own syntax and evaluation errors
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise KgError(f"SPARQL query failed: {message}") from None
    result.truncated = truncated
    return result


WORKER_START_LIMIT = 300.0  # seconds to open a store read-only


def _readable(stream, timeout: float) -> bool:
    """Whether `stream` has data within `timeout` seconds (poll, not select: a process holding a large
    store open has file descriptors above select's limit of 1024)."""
    poller = select.poll()
    poller.register(stream, select.POLLIN | select.POLLHUP)
    return bool(poller.poll(timeout * 1000))


class _Worker:
    """One worker process (kg/graph/sparql_worker.py) with the store at `path` open read-only."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("sparql_worker.py")), str(path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        # The query time limit applies to queries, not to opening the store, which grows with its size.
        if not _readable(self.process.stdout, WORKER_START_LIMIT) or self.process.stdout.readline() != b"ready\n":
            self.stop()
            raise KgError("SPARQL query failed: the query worker could not open the store")

    def run(self, request: dict, time_limit: float) -> tuple[dict, bytes]:
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()
        if not _readable(self.process.stdout, time_limit):
            raise TimeoutError
        header_line = self.process.stdout.readline()
        if not header_line:
            raise KgError("SPARQL query failed: the query worker stopped")
        header = json.loads(header_line)
        return header, self.process.stdout.read(header["size"]) if header["size"] else b""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()


class _WorkerPool:
    """Worker processes for one store, started when first needed; a worker past the time limit is killed."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self._idle: queue.LifoQueue = queue.LifoQueue()
        for _ in range(size):
            self._idle.put(None)

    def run(self, query: str, max_rows: int, prefixes: dict, time_limit: float) -> Result:
        header, payload = self.raw(query, max_rows, prefixes, time_limit)
        if header["type"] == "CONSTRUCT":
            result = Result("CONSTRUCT")
            result.graph = Graph()
            result.graph.parse(data=payload.decode("utf-8"), format="nt")
        else:
            result = Result.parse(io.BytesIO(payload), format="json")
        result.truncated = header["truncated"]
        return result

    def raw(self, query: str, max_rows: int, prefixes: dict, time_limit: float) -> tuple[dict, bytes]:
        """Returns the worker's header and its serialised results (SPARQL JSON, or N-Triples for graphs)."""
        worker = self._idle.get()
        try:
            if worker is None or worker.process.poll() is not None:
                worker = _Worker(self.path)
            header, payload = worker.run({"query": query, "max_rows": max_rows, "prefixes": prefixes}, time_limit)
        except TimeoutError:
            worker.stop()
            worker = None
            raise KgError(f"SPARQL query stopped after the time limit of {time_limit:g} s") from None
        except (OSError, ValueError):
            if worker is not None:
                worker.stop()
            worker = None
            raise KgError("SPARQL query failed: the query worker stopped") from None
        finally:
            self._idle.put(worker)
        if header.get("error"):
            raise KgError(f"SPARQL query failed: {header['error']}")
        return header, payload

    def close(self) -> None:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.stop()


_POOLS: OrderedDict[str, _WorkerPool] = OrderedDict()
_POOLS_LOCK = threading.Lock()
_POOLS_KEPT = 4


def _pool(path: Path) -> _WorkerPool:
    """Returns the worker pool of the store at `path`; the pools of stores not used lately are closed."""
    key = str(Path(path).resolve())
    with _POOLS_LOCK:
        pool = _POOLS.pop(key, None) or _WorkerPool(Path(key), int(setting("sparql_workers")))
        _POOLS[key] = pool
        while len(_POOLS) > _POOLS_KEPT:
            _POOLS.popitem(last=False)[1].close()
        return pool


def run_query(dataset: Dataset, query: str, output_format: str = "table") -> str:
    """Returns the results of a SPARQL 1.1 query in `output_format` (json, csv or table)."""
    return query_results(dataset, query, output_format)[0]


def query_results(dataset: Dataset, query: str, output_format: str = "table") -> tuple[str, bool]:
    """Returns the results of a SPARQL 1.1 query in `output_format` (json, csv or table), and whether
    they were cut at the row cap (a table says so in its last line)."""
    if not query.strip():
        raise KgError("empty SPARQL query")
    check_read_only(query)
    max_rows = int(setting("sparql_max_rows"))
    time_limit = float(setting("sparql_time_limit"))
    path = getattr(dataset, "oxigraph_path", None)
    if path is not None and time_limit > 0:
        # The worker's SPARQL JSON is formatted directly: no round trip through rdflib terms.
        prefixes = {prefix: str(namespace) for prefix, namespace in dataset.namespaces() if prefix}
        header, payload = _pool(path).raw(query, max_rows, prefixes, time_limit)
        truncated = header["truncated"]
        if header["type"] == "CONSTRUCT":
            return payload.decode("utf-8"), truncated
        data = json.loads(payload)
        if output_format == "json":
            return json.dumps(data, indent=2, ensure_ascii=False) + "\n", truncated
        if "boolean" in data:
            answer = "true" if data["boolean"] else "false"
            return (f"ask\n{answer}\n" if output_format == "csv" else f"{answer}\n"), False
        variables = data["head"]["vars"]
        rows = [[binding.get(v, {}).get("value", "") for v in variables] for binding in data["results"]["bindings"]]
    else:
        result = bounded_query(dataset, query, max_rows, time_limit)
        truncated = result.truncated
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return result.graph.serialize(format="nt"), truncated
        if output_format == "json":
            data = _simple_literals(json.loads(result.serialize(format="json")))
            return json.dumps(data, indent=2, ensure_ascii=False) + "\n", truncated
        if result.type == "ASK":
            answer = "true" if result.askAnswer else "false"
            return (f"ask\n{answer}\n" if output_format == "csv" else f"{answer}\n"), False
        variables = [str(v) for v in result.vars]
        rows = [["" if value is None else str(value) for value in row] for row in result]
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(variables)
        writer.writerows(rows)
        return buffer.getvalue(), truncated
    table = _table(variables, rows)
    if truncated:
        table += f"(cut at {max_rows} rows: setting sparql_max_rows, PROBATION_KG_SPARQL_MAX_ROWS)\n"
    return table, truncated


def _simple_literals(data: dict) -> dict:
    """Drops the xsd:string datatype that RDF 1.1 implies, as SPARQL servers do."""
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == _XSD_STRING:
                del term["datatype"]
    return data


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _table(headers: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    cells = [[_fit(c, max_width) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths))
    out = [line, "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
