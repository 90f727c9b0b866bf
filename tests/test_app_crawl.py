"""Every state a user can reach by choosing options on every page shows no exception and no empty page."""
import pytest

from kg.settings import setting
from tests.app_crawl import PAGE_NAMES, CrawlReport, crawl_page


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_choice_on_every_page_works(hashing_env, name):
    report = CrawlReport()
    crawl_page(name, int(setting("crawl_options")), report)
    assert report.broken == []
    assert report.states >= 3 if name != "ratings" else report.states >= 2
    print(f"\n{name}: {report.states} states crawled")


@pytest.mark.parametrize("name,query", [
    ("explore", {"owner": "Purple Futures"}),
    ("explore", {"provider": "Merseyside CRC", "topic": "domestic_abuse", "polarity": "weakness"}),
    ("explore", {"owner": "No Such Owner", "year": "1999"}),
    ("reports", {"report": "merseyside-crc-2018", "line": "166"}),
    ("reports", {"report": "merseyside-crc-2018", "line": "999999"}),
    ("ask", {"q": "Which CRCs does Purple Futures own?", "k": "3"}),
    ("sparql", {"example": "overall-ratings"}),
    ("profile", {"provider": "Merseyside CRC"}),
    ("profile", {"owner": "Purple Futures"}),
    ("profile", {"provider": "No Such CRC"}),
])
def test_deep_links_open_every_page_in_a_working_state(hashing_env, name, query):
    report = CrawlReport()
    crawl_page(name, 2, report, query)
    assert report.broken == []
