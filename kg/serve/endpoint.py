"""A read-only SPARQL 1.1 Protocol endpoint over the index's dataset, and /ask, on Starlette served by uvicorn."""
from __future__ import annotations

import json
import socket
import threading
from urllib.parse import parse_qs

import uvicorn
from rdflib import Dataset
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.errors import KgError
from kg.graph.sparql import bounded_query, check_read_only

ENDPOINT_PATH = "/sparql"
ASK_PATH = "/ask"
PROFILE_PATH = "/profile"
_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {"application/n-triples": "nt", "text/turtle": "turtle", "application/ld+json": "json-ld"}
BACKLOG = 256  # many clients at once wait in the backlog instead of being refused


def _text(status: int, message: str) -> Response:
    return Response(f"{message}\n", status_code=status, media_type="text/plain")


def _answer(dataset: Dataset, query: str, accept: str) -> Response:
    """The results of a read-only query in the media type asked for (SPARQL JSON when none is)."""
    try:
        check_read_only(query)
        result = bounded_query(dataset, query)
    except KgError as err:
        return _text(400, str(err))
    except Exception as err:  # noqa: BLE001 - a syntax or evaluation error of the query
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return _text(400, f"query failed: {first}")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        media = next((m for m in _GRAPH_TYPES if m in accept), "application/n-triples")
        return Response(result.graph.serialize(format=_GRAPH_TYPES[media], encoding="utf-8"), media_type=media)
    media = next((m for m in _RESULT_TYPES if m in accept), "application/sparql-results+json")
    data = result.serialize(format=_RESULT_TYPES[media])
    if _RESULT_TYPES[media] == "json":
        data = json.dumps(json.loads(data)).encode()
    return Response(data, media_type=media)



def make_app(dataset: Dataset, engine=None) -> Starlette:
    """Returns the ASGI app: SPARQL queries at /sparql by GET or POST (updates are refused) and, given an engine,
    questions at /ask?q=… (the JSON of `probation-kg ask --json`); any origin may read it (CORS)."""

    def sparql_get(request: Request) -> Response:
        params = request.query_params
        if "update" in params:
            return _text(400, "this endpoint is read-only")
        if "query" not in params:
            return _text(200, "probation-kg SPARQL 1.1 endpoint: GET or POST ?query=")
        return _answer(dataset, params["query"], request.headers.get("accept", ""))

    async def sparql_post(request: Request) -> Response:
        body = (await request.body()).decode("utf-8")
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        if content_type == "application/sparql-update":
            return _text(400, "this endpoint is read-only")
        accept = request.headers.get("accept", "")
        if content_type == "application/sparql-query":
            return await _in_thread(_answer, dataset, body, accept)
        params = parse_qs(body)
        if "update" in params:
            return _text(400, "this endpoint is read-only")
        if "query" not in params:
            return _text(400, "missing query parameter")
        return await _in_thread(_answer, dataset, params["query"][0], accept)

    def ask(request: Request) -> Response:
        question = request.query_params.get("q", "")
        if not question.strip():
            return _text(400, "missing question: /ask?q=...")
        try:
            k = int(request.query_params.get("k", "5"))
            if not 1 <= k <= 50:
                raise ValueError
        except ValueError:
            return _text(400, "k must be a whole number from 1 to 50")
        body = json.dumps(engine.ask(question[:2000], k=k).to_json(), ensure_ascii=False)
        return Response(body, media_type="application/json")

    routes = [Route(ENDPOINT_PATH, sparql_get, methods=["GET"]), Route(ENDPOINT_PATH, sparql_post, methods=["POST"])]
    if engine is not None:
        routes += [Route(ASK_PATH, ask, methods=["GET"]), Route(PROFILE_PATH, _profile(engine), methods=["GET"])]
    app = Starlette(routes=routes, middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"])])
    app.add_exception_handler(404, lambda request, exc: _text(404, "not found: the endpoint is /sparql"))
    app.add_exception_handler(405, lambda request, exc: _text(405, "method not allowed: GET or POST /sparql"))
    return app


def _profile(engine):
    """The /profile?name=…[&kind=provider|owner][&format=json|markdown|csv] route: a provider's or owner's dossier."""
    def profile(request: Request) -> Response:
        from kg.serve.dossier_export import dossier_csv, dossier_markdown

        name = request.query_params.get("name", "")
        kind = request.query_params.get("kind") or None
        wanted = request.query_params.get("format", "json")
        if not name.strip():
            return _text(400, "missing name: /profile?name=...")
        if kind not in (None, "provider", "owner") or wanted not in ("json", "markdown", "csv"):
            return _text(400, "kind is provider or owner; format is json, markdown or csv")
        try:
            dossier = engine.dossier(name[:300], kind)
        except KgError as err:
            return _text(404, str(err))
        if wanted == "markdown":
            return Response(dossier_markdown(dossier), media_type="text/markdown; charset=utf-8")
        if wanted == "csv":
            return Response(dossier_csv(dossier), media_type="text/csv; charset=utf-8")
        return Response(json.dumps(dossier, ensure_ascii=False), media_type="application/json")

    return profile


async def _in_thread(function, *args):
    """Runs a blocking query off the event loop, as Starlette runs a plain (sync) endpoint."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)


class Server:
    """The endpoint bound to a loopback (or given) address: `serve_forever` runs it, `shutdown` stops it."""

    def __init__(self, app: Starlette, host: str, port: int) -> None:
        self.socket = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.socket.listen(BACKLOG)  # clients wait in the backlog from now, before the server has started
        self.server_address = self.socket.getsockname()
        config = uvicorn.Config(app, log_level="warning", access_log=False, backlog=BACKLOG, lifespan="off")
        self._server = uvicorn.Server(config)
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        self._server.should_exit = True
        self._stopped.wait(timeout=10)

    def server_close(self) -> None:
        self.socket.close()


def make_server(dataset: Dataset, host: str = "127.0.0.1", port: int = 7878, engine=None) -> Server:
    """Returns the endpoint (see make_app) bound to host:port (port 0: any free port; see `server_address`)."""
    return Server(make_app(dataset, engine), host, port)
