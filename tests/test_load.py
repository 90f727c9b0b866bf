"""200 concurrent requests to the SPARQL endpoint and to /ask on 127.0.0.1: no errors, the serial answers."""
import json
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.serve.engine import Engine
from kg.serve.endpoint import make_server

QUERIES = sorted((Path(__file__).parents[1] / "ontology" / "queries").glob("*.rq"))
QUESTIONS = [json.loads(line)["question"] for line in
             (Path(__file__).parents[2] / "shared" / "eval" / "questions-dev.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()] if (Path(__file__).parents[2] / "shared" / "eval" / "questions-dev.jsonl").exists() else [
    "Which CRCs were criticised for domestic abuse checks?",
    "Who owns Merseyside CRC?",
    "What was the overall rating of Cumbria & Lancashire CRC?",
    "What did the inspectors recommend about unpaid work?",
]
CONCURRENT = 200


@pytest.fixture(scope="module")
def server(hashing_index, hashing_embedder):
    engine = Engine.open(hashing_index, hashing_embedder)
    server = make_server(engine.index.dataset, "127.0.0.1", 0, engine=engine)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, response.read()


def _load(requests: list[str]) -> tuple[dict[str, bytes], list[tuple[int, bytes]], float]:
    serial = {url: _get(url)[1] for url in dict.fromkeys(requests)}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        results = list(pool.map(_get, requests))
    return serial, results, time.monotonic() - started


def test_200_concurrent_sparql_queries_match_the_serial_results(server):
    urls = [f"{server}/sparql?query={urllib.parse.quote(q.read_text(encoding='utf-8'))}" for q in QUERIES]
    requests = [urls[i % len(urls)] for i in range(CONCURRENT)]
    serial, results, elapsed = _load(requests)
    assert [status for status, _ in results] == [200] * CONCURRENT
    assert all(body == serial[url] for url, (_, body) in zip(requests, results))
    assert elapsed < 120
    print(f"\n{CONCURRENT} concurrent SPARQL requests ({len(urls)} queries) in {elapsed:.2f} s")


def test_200_concurrent_questions_match_the_serial_answers(server):
    urls = [f"{server}/ask?q={urllib.parse.quote(q)}" for q in QUESTIONS]
    requests = [urls[i % len(urls)] for i in range(CONCURRENT)]
    serial, results, elapsed = _load(requests)
    assert [status for status, _ in results] == [200] * CONCURRENT
    assert all(body == serial[url] for url, (_, body) in zip(requests, results))
    answer = json.loads(serial[urls[0]])
    assert answer["question"] == QUESTIONS[0] and answer["citations"]
    assert elapsed < 120
    print(f"\n{CONCURRENT} concurrent questions ({len(urls)} distinct) in {elapsed:.2f} s")


def test_ask_route_rejects_bad_input(server):
    import urllib.error

    for query, message in (("", b"missing question"), ("?q=x&k=0", b"k must be"), ("?q=x&k=abc", b"k must be")):
        with pytest.raises(urllib.error.HTTPError) as error:
            _get(f"{server}/ask{query}")
        assert error.value.code == 400 and message in error.value.read()
