"""A SPARQL worker process: runs queries on an Oxigraph store opened read-only, one at a time.

The parent writes one JSON request per line on standard input ({"query", "max_rows", "prefixes"}) and
reads a JSON header line ({"type", "truncated", "error", "size"}) then `size` bytes of results: SPARQL
JSON for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE. A query that runs past the time limit is
stopped by killing this process (Oxigraph cannot interrupt a query), which loses nothing: the store is
only read. The worker ends when its standard input closes, so it never outlives the parent.
"""
from __future__ import annotations

import json
import sys

import pyoxigraph as ox


def _term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        data = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            data["datatype"] = term.datatype.value
        return data
    return {"type": "literal", "value": str(term)}


def run(store: ox.Store, request: dict) -> tuple[dict, bytes]:
    """Returns the header and the serialised results of one request."""
    max_rows = int(request["max_rows"])
    results = store.query(request["query"], prefixes=request.get("prefixes") or None, use_default_graph_as_union=False)
    if isinstance(results, ox.QueryBoolean):
        return {"type": "ASK", "truncated": False}, json.dumps({"head": {}, "boolean": bool(results)}).encode()
    if isinstance(results, ox.QuerySolutions):
        variables = [v.value for v in results.variables]
        rows = []
        for solution in results:
            if len(rows) == max_rows:
                return {"type": "SELECT", "truncated": True}, _select_json(variables, rows)
            rows.append({name: _term(solution[name]) for name in variables if solution[name] is not None})
        return {"type": "SELECT", "truncated": False}, _select_json(variables, rows)
    lines = []
    for triple in results:
        if len(lines) == max_rows:
            return {"type": "CONSTRUCT", "truncated": True}, "".join(lines).encode()
        lines.append(f"{triple.subject} {triple.predicate} {triple.object} .\n")
    return {"type": "CONSTRUCT", "truncated": False}, "".join(lines).encode()


def _select_json(variables: list[str], rows: list[dict]) -> bytes:
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode()


def main() -> None:
    store = ox.Store.read_only(sys.argv[1])
    out = sys.stdout.buffer
    out.write(b"ready\n")  # opening a large store takes a while; the time limit counts from here
    out.flush()
    for line in sys.stdin.buffer:
        try:
            header, payload = run(store, json.loads(line))
        except Exception as err:  # noqa: BLE001 - a syntax or evaluation error goes back as one line
            message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            header, payload = {"type": None, "truncated": False, "error": message}, b""
        header["size"] = len(payload)
        out.write(json.dumps(header).encode() + b"\n" + payload)
        out.flush()


if __name__ == "__main__":
    main()
