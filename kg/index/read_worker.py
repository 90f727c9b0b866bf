"""A worker process that reads reports (extraction, graph, SHACL check) while the parent embeds.

The parent writes length-prefixed pickles of `read_report` arguments to standard input and reads
length-prefixed pickles of ("ok", result or ReadFailure) back; ("error", exception) only when the worker
itself fails. The worker ends when its input
closes, so it never outlives the parent. Only the parent's own files are ever unpickled here.
"""
from __future__ import annotations

import pickle
import sys


def main() -> None:
    from kg.index.reading import read_report_or_failure

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while header := source.read(8):
        job = pickle.loads(source.read(int.from_bytes(header, "little")))
        try:
            reply = ("ok", read_report_or_failure(*job))
        except Exception as err:  # noqa: BLE001 - handed back to the parent, which raises it
            reply = ("error", err)
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        sink.write(len(data).to_bytes(8, "little") + data)
        sink.flush()


if __name__ == "__main__":
    main()
