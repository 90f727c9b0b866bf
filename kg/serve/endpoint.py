"""A read-only SPARQL 1.1 Protocol endpoint over the index's dataset (standard library HTTP server)."""
from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from rdflib import Dataset

from kg.errors import KgError
from kg.graph.sparql import bounded_query, check_read_only

ENDPOINT_PATH = "/sparql"
ASK_PATH = "/ask"
_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {"application/n-triples": "nt", "text/turtle": "turtle", "application/ld+json": "json-ld"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # many clients at once wait in the backlog instead of being refused


def make_server(dataset: Dataset, host: str = "127.0.0.1", port: int = 7878, engine=None) -> ThreadingHTTPServer:
    """Returns an HTTP server answering SPARQL queries at /sparql (updates are refused) and, given an
    engine, questions at /ask?q=… (the JSON of `probation-kg ask --json`)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "probation-kg-sparql"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class names it so
            pass

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            if url.path == ASK_PATH and engine is not None:
                return self._ask(parse_qs(url.query))
            if url.path != ENDPOINT_PATH:
                return self._send(404, "text/plain", b"not found: the endpoint is /sparql\n")
            params = parse_qs(url.query)
            if "update" in params:
                return self._send(400, "text/plain", b"this endpoint is read-only\n")
            if "query" not in params:
                return self._send(200, "text/plain", b"probation-kg SPARQL 1.1 endpoint: GET or POST ?query=\n")
            self._answer(params["query"][0])

        def do_POST(self) -> None:  # noqa: N802
            if urlparse(self.path).path != ENDPOINT_PATH:
                return self._send(404, "text/plain", b"not found: the endpoint is /sparql\n")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if content_type == "application/sparql-update":
                return self._send(400, "text/plain", b"this endpoint is read-only\n")
            if content_type == "application/sparql-query":
                return self._answer(body)
            params = parse_qs(body)
            if "update" in params:
                return self._send(400, "text/plain", b"this endpoint is read-only\n")
            if "query" not in params:
                return self._send(400, "text/plain", b"missing query parameter\n")
            self._answer(params["query"][0])

        def _answer(self, query: str) -> None:
            try:
                check_read_only(query)
                result = bounded_query(dataset, query)
            except KgError as err:
                return self._send(400, "text/plain", f"{err}\n".encode())
            except Exception as err:  # noqa: BLE001 - a syntax or evaluation error of the query
                first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
                return self._send(400, "text/plain", f"query failed: {first}\n".encode())
            accept = self.headers.get("Accept") or ""
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                media = next((m for m in _GRAPH_TYPES if m in accept), "application/n-triples")
                return self._send(200, media, result.graph.serialize(format=_GRAPH_TYPES[media], encoding="utf-8"))
            media = next((m for m in _RESULT_TYPES if m in accept), "application/sparql-results+json")
            data = result.serialize(format=_RESULT_TYPES[media])
            if _RESULT_TYPES[media] == "json":
                data = json.dumps(json.loads(data)).encode()
            self._send(200, media, data)

        def _ask(self, params: dict) -> None:
            question = (params.get("q") or [""])[0]
            if not question.strip():
                return self._send(400, "text/plain", b"missing question: /ask?q=...\n")
            try:
                k = int((params.get("k") or ["5"])[0])
                if not 1 <= k <= 50:
                    raise ValueError
            except ValueError:
                return self._send(400, "text/plain", b"k must be a whole number from 1 to 50\n")
            answer = engine.ask(question[:2000], k=k)
            self._send(200, "application/json", json.dumps(answer.to_json(), ensure_ascii=False).encode())

        def _send(self, status: int, media: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{media}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(data)

    return _Server((host, port), Handler)
