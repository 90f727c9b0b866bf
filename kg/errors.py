"""Errors a user can act on; the command line prints them as one line."""
from __future__ import annotations


class KgError(Exception):
    """A problem with the user's input or index, explained in one line."""


class IndexMissing(KgError):
    """There is no index where one was expected."""


class IndexMismatch(KgError):
    """The index was written by another format version or model."""


class IndexBusy(KgError):
    """Another process is writing the index."""
