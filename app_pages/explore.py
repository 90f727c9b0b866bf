"""Explore: owner -> provider -> inspection report -> finding, filtered; a node's cited facts; neighbourhoods and paths."""
from __future__ import annotations

import streamlit as st
from st_link_analysis import EdgeStyle, Event, NodeStyle, st_link_analysis

from app_pages.common import engine_or_stop, md, profile_link, shown_errors, url_widget, write_url
from ingest.topics import load_topics
from kg.serve import NODE_KINDS, ROW_HEIGHT, Selection, graph_view, node_facts, node_links, owners, reports_link
from kg.graph import ORGANISATION_TYPES, ego, knowledge_graph, path_between
from kg.settings import setting
from kg.serve import reports_overview



class _LabelledNode(NodeStyle):
    """A node style whose caption is readable at the zoom a whole graph is drawn at."""

    def __init__(self, label: str, color: str, icon: str | None, align: str) -> None:
        super().__init__(label, color, "name", icon)
        self.align = align

    def dump(self) -> dict:
        style = super().dump()
        style["style"].update({"font-size": 12, "min-zoomed-font-size": 5, "text-wrap": "wrap",
                               "text-max-width": 230, "width": 18, "height": 18})
        if self.align == "right":
            style["style"].update({"text-valign": "center", "text-halign": "right", "text-margin-x": 4,
                                   "text-margin-y": 0})
        return style


st.title("Explore the graph")
engine = engine_or_stop()


@st.cache_resource(show_spinner="Building the graph…")
def network(index_path: str, generation: str):
    return knowledge_graph(engine.index.dataset)


overview = reports_overview(engine)
providers = sorted({p for row in overview for p in row["providers"].split("; ") if p})
topics = {t.id: t.label for t in load_topics()}
years = sorted({row["published"][:4] for row in overview if row["published"]})
columns = st.columns(5)
with columns[0]:
    owner = url_widget(st.selectbox, "Owner", "owner", [""] + owners(engine), format_func=lambda o: o or "any")
with columns[1]:
    provider = url_widget(st.selectbox, "Provider", "provider", [""] + providers, format_func=lambda p: p or "any")
with columns[2]:
    topic = url_widget(st.selectbox, "Topic", "topic", [""] + list(topics), format_func=lambda t: topics.get(t, t) or "any")
with columns[3]:
    polarity = url_widget(st.selectbox, "Polarity", "polarity", ["", "weakness", "strength"],
                          format_func=lambda p: {"weakness": "criticism", "strength": "praise"}.get(p, p) or "any")
with columns[4]:
    year = url_widget(st.selectbox, "Year", "year", [""] + years, format_func=lambda y: y or "any")
selection = Selection(owner, provider, topic, polarity, year)

view = None
with shown_errors(f"draw the graph for {selection.describe()}"):
    view = graph_view(engine, selection, max_findings=int(setting("explore_max_findings")))
if view is not None:
    drawn = f"{len(view.nodes)} nodes, {len(view.edges)} links"
    if view.findings_matched > view.findings_shown:
        hint = selection.narrowing()
        st.info(f"Showing {view.findings_shown} of {view.findings_matched} findings for {selection.describe()} "
                "(a share of each report)" + (f": choose {hint} to narrow them." if hint else "."))
    elif not view.nodes:
        st.info(f"Nothing in the graph matches {selection.describe()}: clear a filter to see more.")
    st.caption(drawn)
    st.markdown(" ".join(
        f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;background:{colour};'
        f'margin:0 0.3em 0 1em;vertical-align:middle"></span>{md(name)}'
        for name, colour in NODE_KINDS.values()), unsafe_allow_html=True)
    node_styles = [_LabelledNode("OWNER", NODE_KINDS["OWNER"][1], "business", "below"),
                   _LabelledNode("PROVIDER", NODE_KINDS["PROVIDER"][1], "account_balance", "below"),
                   _LabelledNode("REPORT", NODE_KINDS["REPORT"][1], "description", "below"),
                   _LabelledNode("CRITICISM", NODE_KINDS["CRITICISM"][1], None, "right"),
                   _LabelledNode("PRAISE", NODE_KINDS["PRAISE"][1], None, "right")]
    edge_styles = [EdgeStyle("OWNS", caption="label", directed=True), EdgeStyle("INSPECTED_IN", directed=True),
                   EdgeStyle("FOUND", directed=True)]
    rows = max((n["position"]["y"] for n in view.nodes), default=0) / ROW_HEIGHT + 1
    height = int(min(1000, max(360, 120 + rows * 26)))
    # The component's height is fixed when it mounts: a new height needs a new key.
    clicked = st_link_analysis(view.elements, {"name": "preset", "fit": True, "padding": 30, "animate": False},
                               node_styles, edge_styles, height=height, key=f"graph-{height}",
                               events=[Event("node_clicked", "click tap", "node")])

    selected = None
    if isinstance(clicked, dict) and clicked.get("action") == "node_clicked":
        data = clicked.get("data") or {}
        selected = view.node(str(data.get("target_id") or data.get("id")))
    if selected is None and view.nodes:
        names = {n["data"]["id"]: f'{n["data"]["label"].title()} · {n["data"]["name"]}' for n in view.nodes}
        picked = st.selectbox("Show a node (or click one in the graph)", list(names), format_func=lambda n: names.get(n, n))
        selected = view.node(picked)
    if selected is not None:
        with shown_errors(f"show the facts of {selected['full_name']}"):
            st.markdown(f"**{md(NODE_KINDS[selected['label']][0])}** · {md(selected['full_name'])}")
            if selected["label"] in ("OWNER", "PROVIDER"):
                kind = "owner" if selected["label"] == "OWNER" else "provider"
                st.markdown(f"[Open the profile of {md(selected['full_name'])}]({profile_link(selected['full_name'], kind)})")
            facts = node_facts(engine, selected["id"])
            if facts:
                st.dataframe([{"fact": f["what"] or f["kind"], "value": f["value"], "report": f["report"],
                               "line": f["line"], "quote": f["quote"],
                               "open": reports_link(f["report"], f["line"])} for f in facts],
                             hide_index=True, width="stretch",
                             column_config={"open": st.column_config.LinkColumn("open", display_text="at this line")})
            else:
                st.caption("No line of a report is tied to this node itself; its links are below.")
            links = node_links(view, selected["id"])
            if links:
                st.dataframe(links, hide_index=True, width="stretch")

st.subheader("Neighbourhood and paths")
with shown_errors("build the neighbourhood and paths"):
    graph = network(engine.index.path.as_posix(), str(engine.index.manifest.get("created")))
    labels = sorted({data.get("label", "") for _, data in graph.nodes(data=True) if data.get("type") in
                     ORGANISATION_TYPES})
    if labels:
        left, right = st.columns(2)
        with left:
            centre = url_widget(st.selectbox, "Entity", "entity", labels, default=labels[0])
            neighbourhood = ego(graph, centre, radius=1)
            neighbours = sorted({(neighbourhood.nodes[n].get("label", ""), neighbourhood.nodes[n].get("type", ""))
                                 for n in neighbourhood if neighbourhood.nodes[n].get("type") != "Finding"})
            st.dataframe([{"entity": label, "type": kind} for label, kind in neighbours], hide_index=True,
                         width="stretch")
        with right:
            target = url_widget(st.selectbox, "Path to", "to", labels, default=labels[-1])
            with shown_errors(f"find a path from {centre} to {target}"):
                st.write(" → ".join(path_between(graph, centre, target)))
    else:
        st.info("No organisations are in the graph yet.")
write_url("owner", "provider", "topic", "polarity", "year", "entity", "to")
