"""Reader worker processes: a report's extraction, graph and shape check run in them while the parent embeds."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from kg.errors import KgError
from kg.settings import setting


def in_thread(function: Callable, *args) -> Future:
    """Runs `function(*args)` in a thread of its own; the future gives its value or raises its error."""
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(function, *args)
    pool.shutdown(wait=False)
    return future


class _Reader:
    """Feeds jobs to a worker process (kg/index/read_worker.py) from a thread, so the worker never waits on the
    parent while the parent embeds; `results` returns them in order, or raises the first error. `finished`
    is called once the worker has answered its last job."""

    def __init__(self, jobs: list, finished: Callable[[], None] = lambda: None) -> None:
        self.finished = finished
        self.process = subprocess.Popen([sys.executable, "-m", "kg.index.read_worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, cwd=str(Path(__file__).resolve().parents[2]))
        self.replies: list = []
        self.thread = threading.Thread(target=self._run, args=(jobs,), daemon=True)
        self.thread.start()

    def _run(self, jobs: list) -> None:
        try:
            for job in jobs:
                data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
                self.process.stdin.write(len(data).to_bytes(8, "little") + data)
                self.process.stdin.flush()
                header = self.process.stdout.read(8)
                if len(header) < 8:
                    raise KgError("the report reader process stopped")
                self.replies.append(pickle.loads(self.process.stdout.read(int.from_bytes(header, "little"))))
                if self.replies[-1][0] == "error":
                    break
        except Exception as err:  # noqa: BLE001 - raised in the parent by results()
            self.replies.append(("error", err))
        finally:
            self.process.stdin.close()
            self.finished()

    def results(self) -> list:
        self.thread.join()
        self.process.wait()
        self.process.stdout.close()
        for status, value in self.replies:
            if status == "error":
                raise value
        return [value for _, value in self.replies]


class Readers:
    """Several _Reader workers sharing the jobs; `results` keeps the jobs' order. `busy` is told how many
    workers are still reading whenever that changes (the embedder leaves them their cores)."""

    def __init__(self, jobs: list, workers: int, busy: Callable[[int], None] = lambda count: None) -> None:
        self.size = len(jobs)
        count = min(workers, len(jobs))
        self.busy, self.running, self.lock = busy, count, threading.Lock()
        busy(count)
        self.readers = [_Reader(jobs[i::workers], self._finished) for i in range(count)]

    def _finished(self) -> None:
        with self.lock:
            self.running -= 1
            self.busy(self.running)

    def results(self) -> list:
        parts = [reader.results() for reader in self.readers]
        ordered = [None] * self.size
        for offset, part in enumerate(parts):
            ordered[offset::len(parts)] = part
        return ordered


def reader_workers(jobs: list, embedder_uses_cores: bool = True) -> int:
    """Worker processes for reading reports: none for one small report (starting one costs ~2 s); else the
    `ingest_readers` setting, whose default ("auto") leaves the embedding model one core and gives readers
    the rest (all of them when the embedder needs none)."""
    lines = sum(job[0].line_count for job in jobs)
    cores = os.cpu_count() or 1
    if len(jobs) < 2 and lines < 3000 or cores < 2:
        return 0
    wanted = setting("ingest_readers")
    if wanted == "auto":
        return max(1, cores - 1 if embedder_uses_cores else cores)
    return max(1, int(wanted))
