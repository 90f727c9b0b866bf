import pytest

from kg.errors import KgError
from kg.index.load import load_index
from kg.graph.network import centrality, co_mention_graph, ego, knowledge_graph, path_between


@pytest.fixture(scope="module")
def dataset(hashing_index, hashing_embedder):
    return load_index(hashing_index, hashing_embedder).dataset


@pytest.fixture(scope="module")
def graph(dataset):
    return knowledge_graph(dataset)


def test_owner_to_crc_to_inspection_to_finding(graph):
    path = path_between(graph, "Purple Futures", "Merseyside CRC")
    assert path == ["Purple Futures", "Merseyside CRC"]
    neighbourhood = ego(graph, "Merseyside CRC", radius=1)
    labels = {neighbourhood.nodes[n]["label"] for n in neighbourhood}
    assert {"Purple Futures", "An inspection of Merseyside Community Rehabilitation Company", "HM Prison Liverpool"} <= labels
    report = next(n for n in neighbourhood if neighbourhood.nodes[n]["type"] == "Report")
    findings = [n for n in graph.successors(report) if graph.nodes[n]["type"] == "Finding"]
    assert len(findings) == 371  # 38 listed findings and 333 judgements in running text


def test_paths_through_owners(graph):
    # Two CRCs of one owner meet at the owner.
    assert path_between(graph, "Merseyside CRC", "West Yorkshire CRC") == ["Merseyside CRC", "Purple Futures", "West Yorkshire CRC"]
    with pytest.raises(KgError, match="no node labelled 'Nowhere CRC'"):
        path_between(graph, "Nowhere CRC", "Merseyside CRC")


def test_centrality_ranks_the_owners_and_crcs(graph):
    top = centrality(graph, "degree", top=4, types=("Owner", "CRC"))
    # The inspected CRCs, linked to their findings, partners and prisons, come first.
    assert {label for label, _ in top} == {
        "Merseyside CRC", "Cheshire & Greater Manchester CRC", "Cumbria & Lancashire CRC", "Staffordshire & West Midlands CRC",
    }
    scores = [score for _, score in top]
    assert scores == sorted(scores, reverse=True)
    # Equal degrees are ranked by name.
    assert all(a[0] < b[0] for a, b in zip(top, top[1:]) if a[1] == b[1])
    assert [label for label, _ in centrality(graph, "betweenness", top=1, types=("Owner",))] == ["Purple Futures"]


def test_co_mentions(dataset):
    graph = co_mention_graph(dataset)
    merseyside = next(n for n, d in graph.nodes(data=True) if d["label"] == "Merseyside CRC")
    purple = next(n for n, d in graph.nodes(data=True) if d["label"] == "Purple Futures")
    assert graph.edges[merseyside, purple]["weight"] == 2  # both the 2017 and the 2018 report name them
