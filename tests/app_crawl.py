"""A crawl of the app's states: every page, every option of every select box (the first N), sliders at both ends."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "app_pages"
PAGE_NAMES = ("ask", "explore", "ratings", "profile", "sparql", "reports")
# The URL path of each page in the served app: the default page (Ask) is served at the root.
URL_PATHS = {"ask": "", "explore": "explore", "ratings": "ratings", "profile": "profile", "sparql": "sparql",
             "reports": "reports"}


@dataclass
class CrawlReport:
    states: int = 0
    broken: list[str] = field(default_factory=list)

    def check(self, app: AppTest, where: str) -> None:
        """Counts a state; records it as broken when it shows an exception, an unexpected error or nothing."""
        self.states += 1
        if app.exception:
            self.broken.append(f"{where}: exception {app.exception[0].value}")
        elif any(e.label == "Details" for e in app.expander):
            self.broken.append(f"{where}: {next(e.value for e in app.error if e.value.startswith('Could not'))}")
        elif not app.title or len(list(app.main)) < 2:
            self.broken.append(f"{where}: empty page")


def crawl_page(name: str, options: int, report: CrawlReport, query: dict | None = None) -> None:
    """Crawls one page from a fresh session (with `query` as its URL query) into `report`."""
    app = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=120)
    app.query_params.update(query or {})
    app.run()
    report.check(app, f"{name} opened")
    for kind in ("selectbox", "radio"):
        position = 0
        while position < len(getattr(app, kind)):
            widget = getattr(app, kind)[position]
            # Examples are crawled whole: each is a question or query a user is offered to run.
            limit = len(widget.options) if widget.label.startswith("Example") else options
            label, count = widget.label, min(limit, len(widget.options))
            for index in range(count):
                widget = getattr(app, kind)[position] if position < len(getattr(app, kind)) else None
                if widget is None or widget.label != label:
                    break  # the page changed its widgets: the rest are crawled from their new place
                _pick(widget, index).run()
                report.check(app, f"{name}: {label} = option {index + 1}")
            widget = getattr(app, kind)[position] if position < len(getattr(app, kind)) else None
            if widget is not None and widget.label == label:
                _pick(widget, 0).run()  # back to the first option before the next box is crawled
            position += 1
    for position in range(len(app.slider)):
        slider = app.slider[position]
        for end in (slider.min, slider.max):
            app.slider[position].set_value(end).run()
            report.check(app, f"{name}: {slider.label} = {end}")


def _pick(widget, index: int):
    if hasattr(widget, "select_index"):
        return widget.select_index(index)
    return widget.set_value(widget.options[index])  # a radio without a format_func shows its values
