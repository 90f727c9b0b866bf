"""Profile: one provider's or one owner's dossier — inspections, ratings over time, findings, owners — all cited."""
from __future__ import annotations

import time
import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import PROFILE_COLUMN, engine_or_stop, md, profile_link, shown_errors, url_widget, write_url
from kg.serve import dossier_csv, dossier_markdown

LINE_COLUMN = st.column_config.LinkColumn("cited line", display_text=r"line=(\d+)$", width="small")


def cited(citation: dict | None) -> dict:
    """A table's citation columns: the report, the link to the cited line, and the quote."""
    if not citation:
        return {"report": "", "cited line": None, "quote": ""}
    return {"report": citation["report"], "cited line": citation["link"], "quote": citation["quote"]}


def table(rows: list[dict], empty: str) -> None:
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", column_config={"cited line": LINE_COLUMN,
                                                                            "profile": PROFILE_COLUMN})
    else:
        st.caption(empty)


def quotes(items: list[dict]) -> None:
    for citation in items:
        st.markdown(f"> {md(citation['quote'])}  \n[{md(citation['report'])}, line {citation['start_line']}]"
                    f"({citation['link']})")


def show_provider(dossier: dict) -> None:
    inspections, findings = dossier["inspections"], dossier["findings"]
    latest = next((i["overall_rating"] for i in reversed(inspections) if i["overall_rating"]), "—")
    cols = st.columns(4)
    cols[0].metric("Inspections", len(inspections))
    cols[1].metric("Latest overall rating", latest)
    cols[2].metric("Criticisms", findings["totals"]["criticisms"])
    cols[3].metric("Praise", findings["totals"]["praise"])
    st.subheader("Owners and operators")
    table([{"owner": o["owner"], "profile": profile_link(o["owner"], "owner"), "as of": o["as_of"], **cited(o["citation"])}
           for o in dossier["owners"]], "No owner is named in the ingested reports.")
    if dossier["ownership_changes"]:
        st.caption("Changes of ownership (reference data): " + "; ".join(
            f"{c['from']}: {c['new_owner']}" + (f" (after {c['previous_owner']})" if c["previous_owner"] else "")
            for c in dossier["ownership_changes"]))
    st.subheader("Inspections")
    table([{"published": i["published"], "kind": i["kind"], "fieldwork": i["fieldwork"], "overall rating": i["overall_rating"],
            "follows up": i["follows_up"], **cited(next(iter(i["citations"].values()), None))} for i in inspections],
          "No inspection of this provider is ingested.")
    if dossier["ratings_over_time"]:
        scale = dossier["rating_scale"]
        # The axis names each point of the ontology's rating scale.
        axis = " : ".join(f"datum.value == {n} ? {label!r}" for n, label in sorted(scale.items())) + " : ''"
        points = pd.DataFrame(dossier["ratings_over_time"])
        chart = alt.Chart(points).mark_line(point=alt.OverlayMarkDef(size=90)).encode(
            x=alt.X("published:N", title="published", sort=None),
            y=alt.Y("rank:Q", title="overall rating", scale=alt.Scale(domain=[min(scale), max(scale)]),
                    axis=alt.Axis(values=sorted(scale), labelExpr=axis)),
            tooltip=["published", "rating", "report"])
        st.altair_chart(chart.properties(height=220), width="stretch")
    st.subheader("Standards, beside every provider's rating of the same standard")
    table([{"standard": s["standard"], "name": s["name"], "rating": s["rating"], "published": s["published"],
            "all providers": ", ".join(f"{k} {v}" for k, v in s["national"].items()), **cited(s["citation"])}
           for s in dossier["standards"]], "No standard ratings are ingested for this provider.")
    st.subheader("Key questions: % of cases answering yes, beside the mean of every provider")
    table([{"question": q["question"], "text": q["text"], "%": q["percent"], "mean of all": q["national_mean"],
            "providers": q["providers_measured"], **cited(q["citation"])} for q in dossier["key_questions"]],
          "No key-question figures are ingested for this provider.")
    st.subheader("Recommendations by inspection")
    table([{"published": r["published"], "recommendation": r["recommendation"], **cited(r["citation"])}
           for r in dossier["recommendations"]], "No recommendations are ingested for this provider's inspections.")
    st.subheader("Findings by topic")
    left, right = st.columns(2)
    for column, side, title in ((left, "criticisms", "Criticisms"), (right, "praise", "Praise")):
        with column:
            st.markdown(f"**{title}** ({findings['totals'][side]} findings; one of several topics counts under each)")
            for group in findings[side]:
                with st.expander(f"{group['topic']} — {group['count']}"):
                    quotes(group["quotes"])
    for relation, title in (("predecessors", "Predecessors"), ("successors", "Successors")):
        if dossier[relation]:
            st.subheader(title)
            st.caption("Reference data")
            for other in dossier[relation]:
                st.markdown(f"- [{md(other['name'])}]({profile_link(other['name'])}) — {md(other['event'])} ({other['when']})")


def show_owner(dossier: dict) -> None:
    if dossier["members"]:
        st.caption("Members: " + ", ".join(dossier["members"]))
    st.subheader("Providers owned or run, side by side")
    rows = []
    for p in dossier["providers"]:
        row = {"provider": p["name"], "profile": profile_link(p["name"]), "owned as of": ", ".join(p["owned_as_of"]),
               "inspections": p["inspections"], "latest overall rating": p["latest_overall_rating"],
               "criticisms": p["criticisms"], "praise": p["praise"]}
        row.update({f"{s['standard']} {s['name']}".strip(): s["rating"] for s in p["standards"]})
        rows.append(row)
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch",
                     column_config={"profile": PROFILE_COLUMN})
    else:
        st.caption("No provider is recorded for this owner.")
    criticisms = pd.DataFrame({p["name"]: p["criticisms_by_topic"] for p in dossier["providers"]}).fillna(0)
    if not criticisms.empty:
        st.subheader("Criticisms by topic")
        st.dataframe(criticisms.astype(int), width="stretch")
    st.subheader("Where each provider's ownership is read")
    table([{"provider": p["name"], **cited(c)} for p in dossier["providers"] for c in p["citations"]],
          "No report names this owner's providers.")
    st.subheader("Changes of ownership")
    table([{"provider": c["provider"], "from": c["from"], "previous owner": c["previous_owner"], "new owner": c["new_owner"],
            "source": c["source"]} for c in dossier["ownership_changes"]], "No change of ownership is recorded.")


st.title("Profile")
engine = engine_or_stop()
with shown_errors("list the providers and owners"):
    subjects = engine.subjects()
    names = {kind: [s["label"] for s in subjects if s["kind"] == kind] for kind in ("provider", "owner")}
    asked_owner = bool(st.query_params.get("owner")) and not st.query_params.get("provider")
    kind = st.radio("Profile of", ["provider", "owner"], index=1 if asked_owner else 0, horizontal=True,
                    format_func=str.capitalize, key="profile_kind")
    name = url_widget(st.selectbox, kind.capitalize(), kind, names[kind]) if names[kind] else None
    write_url(kind)
if name:
    with shown_errors(f"build the profile of {name}"):
        started = time.perf_counter()
        dossier = engine.dossier(name, kind)
        built = time.perf_counter() - started
        st.header(f"{dossier['name']}")
        st.caption(f"{dossier['type']} · every fact cites the report line it was read from · built in {built * 1000:.0f} ms")
        (show_owner if kind == "owner" else show_provider)(dossier)
        stem = dossier["name"].replace(" ", "-").replace("&", "and").replace(",", "").lower()
        left, right = st.columns(2)
        left.download_button("Download as Markdown", dossier_markdown(dossier), f"{stem}.md", "text/markdown")
        right.download_button("Download as CSV", dossier_csv(dossier), f"{stem}.csv", "text/csv")
