"""An ingest killed with SIGKILL at any moment never damages the index: it loads and answers as before."""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from kg.serve.engine import Engine
from kg.index.embedder import HashingEmbedder
from tests.conftest import REPORTS

QUESTION = "What was the average number of sick days per staff member at Staffordshire & West Midlands CRC?"


def test_sigkill_during_ingest_leaves_the_previous_index(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("staffordshire-west-midlands-crc-2018.txt", "merseyside-crc-2018.txt"):
        shutil.copy(REPORTS / name, folder)
    index = tmp_path / "index"
    env = {**os.environ, "PROBATION_KG_EMBEDDER": "hashing", "PROBATION_KG_INDEX": str(index)}
    command = [sys.executable, "-m", "kg.cli", "ingest", str(folder), "--quiet", "--rebuild"]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    full = time.perf_counter() - started

    def snapshot():
        engine = Engine.open(index, embedder=HashingEmbedder())
        answer = engine.ask(QUESTION).to_json()
        return (json.loads((index / "manifest.json").read_text())["counts"],
                [(c["report"], c["start_line"], c["quote"]) for c in answer["citations"]])

    before = snapshot()
    random.seed(20261122)
    kills = 0
    for _ in range(8):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.2, full))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        assert snapshot() == before
    print(f"\n{kills} ingests killed, index intact after each")
    assert kills >= 4
    # The next ingest clears what the killed ones left behind.
    subprocess.run(command, env=env, check=True, capture_output=True)
    # Only the current generation and the one before it remain; no half-written generation is left.
    generations = list(tmp_path.glob(".index.gen-*"))
    assert len(generations) <= 2 and all((g / "manifest.json").exists() for g in generations)
    assert os.readlink(index).startswith(".index.gen-")
    assert snapshot() == before


def test_readers_keep_answering_during_an_ingest(tmp_path):
    """The endpoint (and so the app and CLI, which load the index the same way) answers all through an ingest."""
    import threading
    import urllib.parse
    import urllib.request

    from kg.serve.endpoint import make_server

    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(REPORTS / "merseyside-crc-2018.txt", folder)
    index = tmp_path / "index"
    env = {**os.environ, "PROBATION_KG_EMBEDDER": "hashing", "PROBATION_KG_INDEX": str(index)}
    subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(folder), "--quiet"], env=env, check=True, capture_output=True)
    engine = Engine.open(index, embedder=HashingEmbedder())
    server = make_server(engine.index.dataset, "127.0.0.1", 0, engine=engine)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    count = urllib.parse.quote("SELECT (COUNT(?r) AS ?n) WHERE { ?r a pkg:Report }")
    urls = [f"{base}/sparql?query={count}", f"{base}/ask?q={urllib.parse.quote(QUESTION)}"]

    def read_all() -> list[bytes]:
        return [urllib.request.urlopen(url, timeout=60).read() for url in urls]

    before = read_all()
    for name in ("staffordshire-west-midlands-crc-2018.txt", "cumbria-lancashire-crc-2019.txt"):
        shutil.copy(REPORTS / name, folder)
    ingest = subprocess.Popen([sys.executable, "-m", "kg.cli", "ingest", str(folder), "--quiet"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answered = 0
    try:
        while ingest.poll() is None:
            assert read_all() == before  # the loaded generation answers exactly as before
            answered += 1
    finally:
        ingest.wait()
        server.shutdown()
        server.server_close()
    assert ingest.returncode == 0 and answered >= 3
    # A reader that opens the index now sees the new generation: three reports.
    assert Engine.open(index, embedder=HashingEmbedder()).index.manifest["counts"]["reports"] == 3
    print(f"\n{answered} rounds of SPARQL + ask answered during the ingest")
