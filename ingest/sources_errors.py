"""The error raised for a file that cannot be read as a report."""


class SourceError(ValueError):
    """A report file that cannot be read as a report."""
