"""Explore: owner -> CRC -> inspection -> finding, filtered; ego graphs and paths between entities."""
from __future__ import annotations

import streamlit as st
from st_link_analysis import EdgeStyle, Event, NodeStyle, st_link_analysis

from app_pages.common import engine_or_stop, md
from ingest.topics import load_topics
from kg.network import ego, knowledge_graph, path_between
from kg.views import graph_elements, reports_overview

st.title("Explore the graph")
engine = engine_or_stop()


@st.cache_resource(show_spinner="Building the graph…")
def network(index_path: str, generation: str):
    return knowledge_graph(engine.index.dataset)


overview = reports_overview(engine)
providers = sorted({p for row in overview for p in row["providers"].split("; ") if p})
columns = st.columns(5)
owner = columns[0].selectbox("Owner", ["", "Purple Futures", "Reducing Reoffending Partnership", "Sodexo Justice Services"])
provider = columns[1].selectbox("Provider", [""] + providers)
topic = columns[2].selectbox("Topic", [""] + [t.id for t in load_topics()],
                             format_func=lambda t: {x.id: x.label for x in load_topics()}.get(t, "any"))
polarity = columns[3].selectbox("Polarity", ["", "weakness", "strength"], format_func=lambda p: p or "any")
year = columns[4].selectbox("Year", [""] + sorted({row["published"][:4] for row in overview if row["published"]}))

elements = graph_elements(engine, owner or None, provider or None, topic or None, polarity or None, year or None)
st.caption(f"{len(elements['nodes'])} nodes, {len(elements['edges'])} links")
node_styles = [
    NodeStyle("OWNER", "#7b2cbf", "name", "business"),
    NodeStyle("PROVIDER", "#1d4e89", "name", "apartment"),
    NodeStyle("REPORT", "#4a4e69", "name", "description"),
    NodeStyle("FINDING", "#c1121f", "name", "report"),
]
edge_styles = [EdgeStyle(label, caption="label", directed=True)
               for label in ("OWNS", "INSPECTED_IN", "WEAKNESS", "STRENGTH", "MIXED")]
clicked = st_link_analysis(elements, "cose", node_styles, edge_styles, height=520, key="graph",
                           events=[Event("node_clicked", "click tap", "node")])

by_id = {n["data"]["id"]: n["data"] for n in elements["nodes"]}
findings = [n["data"] for n in elements["nodes"] if n["data"]["label"] == "FINDING"]
selected = None
if isinstance(clicked, dict) and clicked.get("action") == "node_clicked":
    # A click on a node shows its facts and, for a finding, its quote and where it is.
    selected = by_id.get(str((clicked.get("data") or {}).get("target_id") or (clicked.get("data") or {}).get("id")))
if selected is None and findings:
    chosen = st.selectbox("Show a finding", range(len(findings)), format_func=lambda i: findings[i]["name"])
    selected = findings[chosen]
if selected is not None:
    st.markdown(f"**{md(selected['label'].title())}** · {md(selected['name'])}")
    if selected["label"] == "FINDING":
        st.markdown(f"**{md(selected['polarity'])}** · {md(selected['where'])}")
        st.text(selected["quote"])
    else:
        links = [e["data"] for e in elements["edges"] if selected["id"] in (e["data"]["source"], e["data"]["target"])]
        st.dataframe([{"link": l["label"], "from": by_id[l["source"]]["name"], "to": by_id[l["target"]]["name"]}
                      for l in links], hide_index=True, width="stretch")

st.subheader("Neighbourhood and paths")
graph = network(engine.index.path.as_posix(), str(engine.index.manifest.get("created")))
labels = sorted({data.get("label", "") for _, data in graph.nodes(data=True) if data.get("type") in
                 ("CRC", "Owner", "OwnerMember", "NPSDivision", "ProbationArea", "Prison", "PartnerOrganisation")})
left, right = st.columns(2)
centre = left.selectbox("Entity", labels, index=labels.index("Merseyside CRC") if "Merseyside CRC" in labels else 0)
neighbourhood = ego(graph, centre, radius=1)
neighbours = sorted({(neighbourhood.nodes[n].get("label", ""), neighbourhood.nodes[n].get("type", ""))
                     for n in neighbourhood if neighbourhood.nodes[n].get("type") != "Finding"})
left.dataframe([{"entity": label, "type": kind} for label, kind in neighbours], hide_index=True, width="stretch")
target = right.selectbox("Path to", labels, index=labels.index("Purple Futures") if "Purple Futures" in labels else 0)
try:
    right.write(" → ".join(path_between(graph, centre, target)))
except Exception as err:  # noqa: BLE001 - no path is an answer, shown as such
    right.info(str(err))
