"""From the store to graphs and tables for maps and analytics, always for one viewer.

``map_of(store, viewer, ids)`` is the one builder every relationship map uses:
the people and organizations named, the ties among them (KNOWS / OWNS between
people, TIED_TO between organizations, current affiliations between the two),
their latest stance on an issue, and - computed on the map itself - influence
(weighted PageRank) and coalitions (seeded Louvain). ``issue_map``,
``organization_map`` and ``person_map`` choose the ids.

Nothing here draws (graph/visual.py does) and nothing here touches Streamlit.
The Cypher is read-only, takes every value as a ``$parameter`` and filters
every node and relationship with the viewer's clearance.

>>> # G = issue_map(store, viewer, "i-transportation"); html = relationship_map_html(G)
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph import dialect
from graph.analytics.coalitions import coalitions
from graph.analytics.influence import influence
from graph.store import Row, Store
from graph.viewer import Viewer

MAX_CANDIDATES = 3000  # more ids than this are cut (strongest evidence first) before ties are read
SEED = 7
BROKER_PIVOTS = 96  # sampled betweenness start points (seeded); benchmarks/bench_analytics.py times this

_CONTACTS = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (c:Contact {id: k}) WHERE c.confidentiality IN vis
RETURN c.id AS id, 'Contact' AS label, c.name AS name, c.kind AS kind, c.title AS title, c.status AS status
"""
_ORGS = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (o:Organization {id: k}) WHERE o.confidentiality IN vis
RETURN o.id AS id, 'Organization' AS label, o.name AS name, o.type AS kind, o.sector AS title,
       {{null_string}} AS status
"""
_PERSON_TIES = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (a:Contact {id: k})-[t:KNOWS|OWNS]->(b:Contact)
WHERE a.confidentiality IN vis AND t.confidentiality IN vis AND b.confidentiality IN vis
  AND (t.start_date IS NULL OR t.start_date <= $as_of) AND (t.end_date IS NULL OR t.end_date > $as_of)
RETURN a.id AS a, b.id AS b, {{type:t}} AS kind, t.strength AS strength, {{null_string}} AS note
"""
_ORG_TIES = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (a:Organization {id: k})-[t:TIED_TO]->(b:Organization)
WHERE a.confidentiality IN vis AND t.confidentiality IN vis AND b.confidentiality IN vis
  AND (t.end_date IS NULL OR t.end_date > $as_of)
RETURN a.id AS a, b.id AS b, t.kind AS kind, {{null_float}} AS strength, t.note AS note
"""
_AFFILIATIONS = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (c:Contact {id: k})-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization)
WHERE c.confidentiality IN vis AND a.confidentiality IN vis AND o.confidentiality IN vis
  AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
RETURN c.id AS a, o.id AS b, {{type:a}} AS kind, a.role AS note
"""
_MEMBERS = """
WITH $visible AS vis
MATCH (c:Contact)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization {id: $org})
WHERE c.confidentiality IN vis AND a.confidentiality IN vis AND o.confidentiality IN vis
  AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
RETURN c.id AS id
"""
_TIED_ORGS = """
WITH $visible AS vis
MATCH (o:Organization {id: $org})-[t:TIED_TO|PART_OF]-(p:Organization)
WHERE o.confidentiality IN vis AND t.confidentiality IN vis AND p.confidentiality IN vis
RETURN DISTINCT p.id AS id
"""
_NEIGHBOURS = """
WITH $visible AS vis
MATCH (c:Contact {id: $id})-[t:KNOWS|OWNS]-(b:Contact)
WHERE c.confidentiality IN vis AND t.confidentiality IN vis AND b.confidentiality IN vis
  AND (t.end_date IS NULL OR t.end_date > $as_of)
RETURN DISTINCT b.id AS id
"""
_CO_PARTICIPANTS = """
WITH $visible AS vis
MATCH (c:Contact {id: $id})-[p1:PARTICIPATED_IN]->(x:Interaction)<-[p2:PARTICIPATED_IN]-(b:Contact)
WHERE x.date >= $since AND x.date <= $as_of AND b.id <> c.id
  AND c.confidentiality IN vis AND p1.confidentiality IN vis AND x.confidentiality IN vis
  AND p2.confidentiality IN vis AND b.confidentiality IN vis
RETURN b.id AS id, count(*) AS n, max(x.date) AS last
ORDER BY n DESC, id LIMIT $limit
"""
_STANCES = {
    label: f"""
WITH $visible AS vis
MATCH p = (sub:Issue)-{{{{part_of_0_5}}}}->(top:Issue {{id: $issue}})
WHERE all(r IN {{{{rels:p}}}} WHERE r.confidentiality IN vis) AND all(n IN {{{{nodes:p}}}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
UNWIND $ids AS k
MATCH (h:{label} {{id: k}})-[t:TAKES_POSITION]->(sub)
WHERE h.confidentiality IN vis AND t.confidentiality IN vis AND (t.as_of IS NULL OR t.as_of <= $as_of)
RETURN h.id AS id, t.stance AS stance, t.as_of AS as_of, sub.id AS issue_id
"""
    for label in ("Contact", "Organization")  # labels from the model only
}


def _q(store: Store, viewer: Viewer, text: str, **params: Any) -> list[Row]:
    return store.query(dialect.render(text, store.engine), {**params, "visible": viewer.visible})


def _today(as_of: dt.date | None) -> dt.date:
    return as_of or dt.date.today()


def map_of(store: Store, viewer: Viewer, ids: Iterable[str], *, issue: str | None = None,
           as_of: dt.date | None = None, centre: str | None = None, with_affiliations: bool = False,
           lines: dict[str, list[str]] | None = None, seed: int = SEED) -> nx.Graph:
    """The subgraph of ``ids`` (people and organizations) with their ties, stances, influence and coalitions.

    ``with_affiliations`` adds the organizations the people currently belong to.
    ``lines`` adds evidence lines to a node's tooltip. Ids the viewer may not see
    are left out. ``G.graph`` holds ``centre``, ``issue`` and ``cut`` (ids left
    out because there were more than ``MAX_CANDIDATES``).
    """
    as_of = _today(as_of)
    wanted = list(dict.fromkeys(i for i in ids if i))
    cut = max(0, len(wanted) - MAX_CANDIDATES)
    wanted = wanted[:MAX_CANDIDATES] if not centre else [centre] + [i for i in wanted if i != centre][:MAX_CANDIDATES - 1]
    G = nx.Graph(centre=centre, issue=issue, cut=cut)
    for row in _q(store, viewer, _CONTACTS, ids=wanted) + _q(store, viewer, _ORGS, ids=wanted):
        G.add_node(row["id"], **_node(row))
    people = [n for n, d in G.nodes(data=True) if d["label"] == "Contact"]
    orgs = [n for n, d in G.nodes(data=True) if d["label"] == "Organization"]
    affiliations = _q(store, viewer, _AFFILIATIONS, ids=people, as_of=as_of) if people else []
    if with_affiliations:
        extra = sorted({r["b"] for r in affiliations} - set(G))
        for row in _q(store, viewer, _ORGS, ids=extra):
            G.add_node(row["id"], **_node(row))
        orgs = [n for n, d in G.nodes(data=True) if d["label"] == "Organization"]
    for r in affiliations:
        if r["b"] in G:
            G.add_edge(r["a"], r["b"], kind=r["kind"], weight=0.6, note=r["note"])
    ties = (_q(store, viewer, _PERSON_TIES, ids=people, as_of=as_of) if people else []) + (
        _q(store, viewer, _ORG_TIES, ids=orgs, as_of=as_of) if orgs else [])
    for r in ties:
        if r["b"] in G and r["a"] != r["b"]:
            w = r["strength"] if r["strength"] is not None else (1.0 if r["kind"] == "OWNS" else 0.5)
            if not G.has_edge(r["a"], r["b"]) or G.edges[r["a"], r["b"]]["weight"] < w:
                G.add_edge(r["a"], r["b"], kind=r["kind"], weight=float(w), note=r["note"])
    if issue:
        for label, text in _STANCES.items():
            members = people if label == "Contact" else orgs
            if not members:
                continue
            latest: dict[str, Row] = {}
            for r in _q(store, viewer, text, ids=members, issue=issue, as_of=as_of):
                have = latest.get(r["id"])
                if have is None or (r["as_of"] or dt.date.min, r["issue_id"]) > (have["as_of"] or dt.date.min,
                                                                                   have["issue_id"]):
                    latest[r["id"]] = r
            for hid, r in latest.items():
                G.nodes[hid]["stance"] = r["stance"]
    for n, extra_lines in (lines or {}).items():
        if n in G:
            G.nodes[n]["lines"] = list(extra_lines)
    decorate(G, seed=seed)
    return G


def decorate(G: nx.Graph, *, seed: int = SEED) -> nx.Graph:
    """Set ``influence`` (PageRank on ``weight``) and ``coalition`` (seeded Louvain) on every node."""
    if len(G) == 0:
        return G
    if G.number_of_edges():
        score = influence(G, weight="weight")
        part = coalitions(G, weight="weight", seed=seed)
    else:
        score = {n: 1.0 / len(G) for n in G}
        part = {n: i for i, n in enumerate(sorted(G))}
    for n in G:
        G.nodes[n]["influence"] = float(score.get(n, 0.0))
        G.nodes[n]["coalition"] = int(part.get(n, 0))
    return G


def issue_map(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
              stances: Iterable[str] | None = None, with_affiliations: bool = True,
              limit: int = MAX_CANDIDATES, holders: list[dict[str, Any]] | None = None) -> nx.Graph:
    """Everybody with a stated stance on ``issue`` (or an issue below it), and the bodies they sit on.

    ``limit``: the holders with the most recent stances at most (a busy issue has tens of
    thousands); ``holders``: the result of ``queries.stances.stances`` if the caller has it.
    """
    from queries.stances import stances as stances_on

    if holders is None:
        holders = stances_on(store, viewer, issue, as_of=as_of, limit=None if stances else limit)
    if stances:
        keep = set(stances)
        holders = [h for h in holders if h["stance"] in keep]
    holders.sort(key=lambda h: (h["as_of"] or dt.date.min), reverse=True)  # most recent evidence first
    lines = {h["id"]: h["because"][:4] for h in holders}
    G = map_of(store, viewer, [h["id"] for h in holders][:limit], issue=issue, as_of=as_of,
               with_affiliations=with_affiliations, lines=lines)
    G.graph["cut"] = max(G.graph.get("cut", 0), len(holders) - limit)
    return G


def organization_map(store: Store, viewer: Viewer, organization: str, *, issue: str | None = None,
                     as_of: dt.date | None = None) -> nx.Graph:
    """An organization, its current people, the organizations tied to it or part of it."""
    from queries.common import require

    as_of = _today(as_of)
    require(store, viewer, "Organization", organization, "an organization")
    members = [r["id"] for r in _q(store, viewer, _MEMBERS, org=organization, as_of=as_of)]
    tied = [r["id"] for r in _q(store, viewer, _TIED_ORGS, org=organization)]
    return map_of(store, viewer, [organization, *tied, *members], issue=issue, as_of=as_of, centre=organization)


def person_map(store: Store, viewer: Viewer, contact: str, *, issue: str | None = None,
               as_of: dt.date | None = None, since: dt.date | None = None, co_participants: int = 25) -> nx.Graph:
    """A person's ego network: who they know, whom they meet most, where they belong."""
    from queries.common import require

    as_of = _today(as_of)
    since = since or as_of.replace(year=as_of.year - 3)
    require(store, viewer, "Contact", contact, "a contact")
    known = [r["id"] for r in _q(store, viewer, _NEIGHBOURS, id=contact, as_of=as_of)]
    met = _q(store, viewer, _CO_PARTICIPANTS, id=contact, since=since, as_of=as_of, limit=co_participants)
    G = map_of(store, viewer, [contact, *known, *(r["id"] for r in met)], issue=issue, as_of=as_of,
               centre=contact, with_affiliations=True)
    for r in met:  # meeting often is a relationship too, even without a recorded KNOWS
        if r["id"] in G and not G.has_edge(contact, r["id"]):
            G.add_edge(contact, r["id"], kind="met", weight=min(1.0, 0.2 + 0.1 * r["n"]),
                       note=f"{r['n']} shared interactions, latest {r['last']}")
    return decorate(G)


def subgraph_for(store: Store, viewer: Viewer, centre_kind: str, centre: str, *, issue: str | None = None,
                 as_of: dt.date | None = None, stances: Iterable[str] | None = None) -> nx.Graph:
    """The map page's one entry point: ``centre_kind`` is issue, organization or person."""
    if centre_kind == "issue":
        return issue_map(store, viewer, centre, as_of=as_of, stances=stances)
    if centre_kind == "organization":
        return organization_map(store, viewer, centre, issue=issue, as_of=as_of)
    if centre_kind == "person":
        return person_map(store, viewer, centre, issue=issue, as_of=as_of)
    raise ValueError(f'centre_kind "{centre_kind}" is not issue, organization or person')


def _node(row: Row) -> dict[str, Any]:
    title = row.get("title")
    if row.get("status") and row["status"] != "active":
        title = f"{title or ''} ({row['status'].replace('_', ' ')})".strip()
    return {"name": row["name"], "label": row["label"], "kind": row["kind"], "title": title}


def nodes_frame(G: nx.Graph):
    """The map's nodes as a table (for a list under the map and for downloads)."""
    import pandas as pd

    rows = [{"id": n, "name": d.get("name"), "type": d.get("label"), "kind": d.get("kind"),
             "stance": d.get("stance"), "influence": round(d.get("influence", 0.0), 4),
             "coalition": (d["coalition"] + 1) if d.get("coalition") is not None else None,
             "ties": G.degree(n)} for n, d in G.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=["id", "name", "type", "kind", "stance", "influence", "coalition", "ties"])
    return frame.sort_values(["influence", "name"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# The whole network, for the analytics (graph/analytics): tables in the shapes it documents.

ANALYTICS_YEARS = 3  # interactions older than this weigh < 1/8 (one-year half-life): left out for speed

_TABLES = {
    "interactions": """
MATCH (x:Interaction) WHERE x.confidentiality IN $visible AND x.date >= $since AND x.date <= $as_of
RETURN x.id AS id, x.kind AS kind, x.date AS date""",
    "participants": """
MATCH (c:Contact)-[p:PARTICIPATED_IN]->(x:Interaction)
WHERE x.date >= $since AND x.date <= $as_of AND x.confidentiality IN $visible
  AND p.confidentiality IN $visible AND c.confidentiality IN $visible
RETURN x.id AS interaction_id, c.id AS contact_id""",
    "knows": """
MATCH (a:Contact)-[t:KNOWS]->(b:Contact)
WHERE t.confidentiality IN $visible AND a.confidentiality IN $visible AND b.confidentiality IN $visible
  AND (t.end_date IS NULL OR t.end_date > $as_of) AND (t.start_date IS NULL OR t.start_date <= $as_of)
RETURN a.id AS from_id, b.id AS to_id, t.strength AS strength, t.start_date AS start_date""",
    "owns": """
MATCH (s:Contact)-[t:OWNS]->(c:Contact)
WHERE t.confidentiality IN $visible AND s.confidentiality IN $visible AND c.confidentiality IN $visible
  AND (t.start_date IS NULL OR t.start_date <= $as_of)
RETURN s.id AS staff_id, c.id AS contact_id, t.role AS role, t.end_date AS end_date""",
    "positions": """
MATCH (h:Contact)-[t:TAKES_POSITION]->(i:Issue)
WHERE t.confidentiality IN $visible AND h.confidentiality IN $visible AND (t.as_of IS NULL OR t.as_of <= $as_of)
RETURN h.id AS holder_id, i.id AS issue_id, t.stance AS stance, t.as_of AS as_of""",
    "contacts": """
MATCH (c:Contact) WHERE c.confidentiality IN $visible
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.status AS status, c.leaving_date AS leaving_date,
       c.title AS title, c.jurisdiction_id AS jurisdiction_id""",
}


def analytics_tables(store: Store, viewer: Viewer, *, as_of: dt.date | None = None,
                     since: dt.date | None = None):
    """``{interactions, participants, knows, owns, positions, contacts}`` DataFrames the viewer may see."""
    import pandas as pd

    as_of = _today(as_of)
    since = since or as_of.replace(year=as_of.year - ANALYTICS_YEARS)
    out = {}
    for name, text in _TABLES.items():
        frame = store.query_df(text, {"visible": viewer.visible, "as_of": as_of, "since": since})
        out[name] = frame if len(frame.columns) else pd.DataFrame(columns=_columns(text))
    contacts = out["contacts"]
    contacts["group"] = contacts["jurisdiction_id"]
    return out


def _columns(text: str) -> list[str]:
    import re

    return re.findall(r"AS (\w+)", text.split("RETURN", 1)[1])


def network_insights(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED,
                     top: int = 25):
    """Influencers, brokers, coalitions and institutional-memory risk over the whole network.

    Returns ``{"people": DataFrame(id, name, kind, title, influence, brokerage, constraint, coalition),
    "coalitions": DataFrame(coalition, size, members: top names), "memory": [rows with because],
    "approximate": {measure: how}, "tables": the analytics tables, "edges": the strength edge table}``.
    """
    import pandas as pd

    from graph.analytics.refresh import full_refresh

    as_of = _today(as_of)
    tables = analytics_tables(store, viewer, as_of=as_of)
    contacts = tables["contacts"]
    if tables["participants"].empty and tables["knows"].empty:
        return {"people": pd.DataFrame(), "coalitions": pd.DataFrame(), "memory": [], "approximate": {},
                "tables": tables, "edges": pd.DataFrame()}
    res = full_refresh({k: tables[k] for k in ("interactions", "participants", "knows", "owns")}, seed=seed,
                       as_of=as_of, betweenness_k=BROKER_PIVOTS,
                       version=f"{store.data_version()}|{viewer.clearance.value}|{as_of}")
    people = res.table().rename(columns={"contact": "id", "community": "coalition", "brokerage": "brokerage"})
    info = contacts.set_index("id")[["name", "kind", "title"]]
    people = people.join(info, on="id")
    people = people[people["kind"] != "our_staff"] if "kind" in people else people
    people["coalition"] = people["coalition"].astype("Int64") + 1
    people = people[["id", "name", "kind", "title", "influence", "brokerage", "constraint", "coalition"]]
    sizes = people.groupby("coalition").agg(size=("id", "size")).reset_index()
    leaders = (people.sort_values("influence", ascending=False).groupby("coalition")["name"]
               .apply(lambda s: ", ".join(str(x) for x in s.head(3))).rename("most influential"))
    coal = sizes.join(leaders, on="coalition").sort_values("size", ascending=False).reset_index(drop=True)
    memory = _memory_rows(tables, res, as_of=as_of)  # the same rule as `civicgraph memory-risk`
    e = res.edges
    return {"people": people, "coalitions": coal, "memory": memory, "approximate": res.approximate,
            "tables": tables, "edges": e}


INSIGHTS_FOLDER = "insights"  # inside an embedded store's folder: one result per clearance
_FRAMES = ("people", "coalitions", "edges")


def saved_network_insights(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED):
    """:func:`network_insights`, computed once per data version, clearance and day and kept.

    An embedded store keeps the result in its folder (``insights/<clearance>-<key>/``, Parquet
    and JSON, no pickles), so a restarted dashboard does not measure the whole network again;
    any write changes the data version and so the key. ``tables`` holds only ``contacts``
    (what warm introductions need). Answers never cross clearances: the clearance is in the key.
    """
    import hashlib

    as_of = _today(as_of)
    key = hashlib.sha1(f"{store.data_version()}|{as_of}|{seed}".encode()).hexdigest()[:16]
    base = getattr(store, "folder", None)
    where = base / INSIGHTS_FOLDER / f"{viewer.clearance.value}-{key}" if base is not None else None
    if where is not None and (where / "done").exists():
        try:
            return _load_insights(where)
        except (OSError, ValueError):
            pass  # unreadable: measure again
    found = network_insights(store, viewer, as_of=as_of, seed=seed)
    found = {**found, "tables": {"contacts": found["tables"]["contacts"]}}
    if where is not None:
        try:
            _save_insights(found, where)
        except OSError:
            pass  # a read-only folder: the caller's in-memory cache still holds it
    return found


def _save_insights(found: dict[str, Any], where) -> None:
    import json
    import shutil

    for old in where.parent.glob(f"{where.name.split('-')[0]}-*"):
        if old != where:
            shutil.rmtree(old, ignore_errors=True)  # older data versions of this clearance
    tmp = where.with_name(where.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in _FRAMES:
        found[name].to_parquet(tmp / f"{name}.parquet", index=False)
    found["tables"]["contacts"].to_parquet(tmp / "contacts.parquet", index=False)
    (tmp / "meta.json").write_text(json.dumps({"memory": found["memory"], "approximate": found["approximate"]},
                                              default=str), encoding="utf-8")
    (tmp / "done").write_text("", encoding="utf-8")
    shutil.rmtree(where, ignore_errors=True)
    tmp.rename(where)


def _load_insights(where) -> dict[str, Any]:
    import json

    import pandas as pd

    meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {name: pd.read_parquet(where / f"{name}.parquet") for name in _FRAMES}
    out.update(meta)
    out["tables"] = {"contacts": pd.read_parquet(where / "contacts.parquet")}
    return out


def warm_introductions(edges, contacts, target: str, *, k: int = 3, hops: int = 3, per_hop: int = 60) -> list[dict]:
    """The strongest paths from any of our staff to ``target`` over the strength edge table.

    Only the ``hops``-neighbourhood of the target is searched (the ``per_hop``
    strongest ties of each person at each step), so it stays fast at a million
    interactions. Each row: ``path`` (names), ``ids``, ``strength``, ``hops``, ``because``.
    """
    import pandas as pd

    from graph.analytics import NodeNotFound
    from graph.analytics.paths import warm_paths
    from graph.analytics.strength import explain_edge, graph_from_edges

    if edges is None or len(edges) == 0 or not ((edges["u"] == target) | (edges["v"] == target)).any():
        raise NodeNotFound(f"{target} has no ties in the network we know of - log an interaction with them first")
    names = contacts.set_index("id")["name"].to_dict()
    staff = set(contacts.loc[contacts["kind"] == "our_staff", "id"])
    ball, frontier, keep = {target}, {target}, []
    for _ in range(hops):
        near = edges[edges["u"].isin(frontier) | edges["v"].isin(frontier)]
        near = near.assign(_from=near["u"].where(near["u"].isin(frontier), near["v"]))
        near = near.sort_values("strength", ascending=False).groupby("_from").head(per_hop)
        keep.append(near.drop(columns="_from"))
        frontier = (set(near["u"]) | set(near["v"])) - ball
        ball |= frontier
    sub = pd.concat(keep).drop_duplicates(["u", "v"])
    sub = edges[edges["u"].isin(ball) & edges["v"].isin(ball)] if len(ball) < 2000 else sub
    G = graph_from_edges(sub)
    sources = [s for s in staff if s in G and s != target]
    if not sources:
        return []
    us = "__our_staff__"  # one search from all of our staff at once, not one per staff member
    G.add_edges_from((us, s, {"strength": 1.0}) for s in sources)
    rows = warm_paths(G, us, target, k=k)
    for r in rows:
        r["path"] = r["path"][1:]
        r["hops"] -= 1
    for r in rows:
        r["ids"] = list(r["path"])
        r["path"] = [names.get(x, x) for x in r["path"]]
        r["because"] = [f"{names.get(a, a)} - {names.get(b, b)}: {explain_edge(G.edges[a, b])}"
                        for a, b in zip(r["ids"], r["ids"][1:])]
    return rows


STANCE_SCORE = {"oppose": -1.0, "mixed": 0.0, "neutral": 0.0, "support": 1.0}


def stakeholders(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
                 limit: int | None = None):
    """The classic stakeholder map's points: one row per person or organization engaged on ``issue``.

    ``limit``: at most that many holders of stances (the most recent) and that many partners
    (the best): a busy issue has tens of thousands of each.

    Columns: ``id, name, type, kind, stance`` (latest stated, or "no stance"), ``position``
    (-1 oppose .. +1 support), ``engagement`` (the partner score's evidence, 0 when none),
    ``influence`` (PageRank on the issue's relationship map, as a share of the largest).
    """
    import pandas as pd

    from queries.partners import find_partners
    from queries.stances import stances as stances_on

    holders = stances_on(store, viewer, issue, as_of=as_of, limit=limit)
    G = issue_map(store, viewer, issue, as_of=as_of, holders=list(holders),
                  limit=min(limit, MAX_CANDIDATES) if limit else MAX_CANDIDATES)
    held = {h["id"]: h for h in holders}
    partners = {p["id"]: p for p in find_partners(store, viewer, issue, as_of=as_of, limit=limit)}
    top = max((d.get("influence", 0.0) for _, d in G.nodes(data=True)), default=0.0) or 1.0
    rows = []
    for hid in dict.fromkeys([*held, *partners]):
        h, p = held.get(hid), partners.get(hid)
        base = h or p
        stance = h["stance"] if h else "no stance"
        rows.append({"id": hid, "name": base["name"], "type": "person" if base["label"] == "Contact" else "organization",
                     "kind": (base["kind"] or "").replace("_", " "), "stance": stance,
                     "position": STANCE_SCORE.get(stance, 0.0), "engagement": p["score"] if p else 0.0,
                     "influence": round(G.nodes[hid]["influence"] / top, 4) if hid in G else 0.0,
                     "because": list(dict.fromkeys((h["because"][:2] if h else []) + (p["because"][:3] if p else [])))})
    return pd.DataFrame(rows, columns=["id", "name", "type", "kind", "stance", "position", "engagement",
                                       "influence", "because"])


def map_html(store: Store, viewer: Viewer, centre_kind: str, centre: str, *, issue: str | None = None,
             as_of: dt.date | None = None, stances: Iterable[str] | None = None, colour_by: str = "stance",
             size_by: str = "influence", max_nodes: int = 500) -> tuple[str, dict[str, Any]]:
    """The map page's picture and its facts: ``(html, {"nodes", "edges", "shown", "cut"})``."""
    from graph.visual import relationship_map_html

    if centre_kind == "issue":  # read no more holders than the picture can show (twice, for the cut)
        G = issue_map(store, viewer, centre, as_of=as_of, stances=stances, limit=2 * max_nodes)
    else:
        G = subgraph_for(store, viewer, centre_kind, centre, issue=issue, as_of=as_of, stances=stances)
    html = relationship_map_html(G, colour_by=colour_by, size_by=size_by, max_nodes=max_nodes)
    return html, {"nodes": len(G), "edges": G.number_of_edges(), "shown": min(len(G), max_nodes),
                  "cut": G.graph.get("cut", 0), "table": nodes_frame(G).head(max_nodes)}


# ---------------------------------------------------------------------------
# One function per analytics command (cli/analytics_cmd.py), for one viewer; every row carries `because`.

_PLACES = """
MATCH (j:Jurisdiction) WHERE j.confidentiality IN $visible RETURN j.id AS id, j.name AS name, j.parent_id AS parent"""
_ISSUES = """
MATCH (i:Issue) WHERE i.confidentiality IN $visible RETURN i.id AS id, i.parent_id AS parent"""


def analytics_refresh(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED,
                      betweenness_k: int | None = BROKER_PIVOTS, progress=None, use_cache: bool = True):
    """``(tables, AnalyticsResult)``: every network measure for the viewer, cached per data version and clearance."""
    from graph.analytics import AnalyticsError
    from graph.analytics.refresh import full_refresh

    as_of = _today(as_of)
    tables = analytics_tables(store, viewer, as_of=as_of)
    if tables["participants"].empty and tables["knows"].empty:
        raise AnalyticsError("no interactions or ties you may see - import some, or run \"civicgraph demo\"")
    res = full_refresh({k: tables[k] for k in ("interactions", "participants", "knows", "owns")}, seed=seed,
                       as_of=as_of, betweenness_k=betweenness_k, progress=progress, use_cache=use_cache,
                       version=f"{store.data_version()}|{viewer.clearance.value}|{as_of}")
    return tables, res


def refresh_summary(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED,
                    betweenness_k: int | None = BROKER_PIVOTS, progress=None) -> dict:
    """Run the full refresh and say what it computed, how long each step took and what is approximate."""
    import time

    t = time.perf_counter()
    tables, res = analytics_refresh(store, viewer, as_of=as_of, seed=seed, betweenness_k=betweenness_k,
                                    progress=progress, use_cache=False)
    return {"version": res.version, "as_of": _today(as_of), "people": len(res.influence), "ties": len(res.edges),
            "interactions": len(tables["interactions"]), "coalitions": len(set(res.communities.values())),
            "seed": seed, "betweenness_k": betweenness_k, "seconds": round(time.perf_counter() - t, 3),
            "timings": {k: round(v, 3) for k, v in res.timings.items()}, "approximate": res.approximate}


def _strength_table(tables, as_of):
    from graph.analytics.strength import strength_edges

    return strength_edges(tables["interactions"], tables["participants"], tables["knows"], tables["owns"],
                          as_of=as_of)


def _issue_positions(store: Store, viewer: Viewer, positions, issue: str):
    """Positions on ``issue`` or any issue below it, relabelled as ``issue`` (NotFound for an unknown issue)."""
    from queries.common import issue_name

    issue_name(store, viewer, issue)
    parent = {r["id"]: r["parent"] for r in _q(store, viewer, _ISSUES)}
    ids = {i for i in parent if _under(i, issue, parent)}
    return positions[positions["issue_id"].isin(ids)].assign(issue_id=issue)


def _under(x, top, parent) -> bool:
    for _ in range(10):  # issue and jurisdiction trees are shallow
        if x == top:
            return True
        x = parent.get(x)
        if not x:
            return False
    return False


def _top_ties(edges, nodes, names, n: int = 3) -> dict:
    """``{node: (number of ties, "A (0.93), B (0.90), ...")}`` for ``nodes``, in one pass over the edges."""
    import pandas as pd

    wanted = set(nodes)
    ends = pd.concat([edges[["u", "v", "strength"]].set_axis(["x", "o", "s"], axis=1),
                      edges[["v", "u", "strength"]].set_axis(["x", "o", "s"], axis=1)])
    ends = ends[ends["x"].isin(wanted)]
    count = ends.groupby("x").size().to_dict()
    best = ends.sort_values(["s", "o"], ascending=[False, True]).groupby("x").head(n)
    text = best.groupby("x", sort=False).apply(
        lambda g: ", ".join(f"{names.get(o, o)} ({v:.2f})" for o, v in zip(g["o"], g["s"])), include_groups=False)
    return {x: (int(count.get(x, 0)), text.get(x, "")) for x in nodes}


def relationship_between(store: Store, viewer: Viewer, a: str, b: str, *, as_of: dt.date | None = None) -> dict:
    """How strong the relationship between contacts ``a`` and ``b`` is, and what it is made of."""
    from graph.analytics.strength import explain_edge
    from queries.common import require

    as_of = _today(as_of)
    names = {x: require(store, viewer, "Contact", x, "a contact") for x in (a, b)}
    e = _strength_table(analytics_tables(store, viewer, as_of=as_of), as_of)
    u, v = sorted([a, b])
    row = e[(e["u"] == u) & (e["v"] == v)]
    out = {"a": a, "a_name": names[a], "b": b, "b_name": names[b], "strength": 0.0, "raw": 0.0,
           "n_interactions": 0, "last_date": None, "because": ["no shared interactions or stated ties"]}
    if len(row):
        r = row.iloc[0]
        last = r["last_date"]
        out.update(strength=round(float(r["strength"]), 4), raw=round(float(r["raw"]), 3),
                   n_interactions=int(r["n_interactions"]),
                   last_date=None if last != last else dt.date.fromisoformat(str(last)[:10]),
                   because=[explain_edge(r)])
    return out


def influencers(store: Store, viewer: Viewer, *, issue: str | None = None, as_of: dt.date | None = None,
                top: int = 25) -> list[dict]:
    """The most influential people (PageRank over strong ties), or on ``issue`` the best connected of those engaged."""
    from graph.analytics.influence import current_stances, issue_influence
    from graph.analytics.strength import graph_from_edges

    as_of = _today(as_of)
    tables, res = analytics_refresh(store, viewer, as_of=as_of)
    c = tables["contacts"].set_index("id")
    names, staff = c["name"].to_dict(), set(c.index[c["kind"] == "our_staff"])
    e = res.edges
    if issue is None:
        score = {x: v for x, v in res.influence.items() if x not in staff}
        because = {}
    else:
        stated = current_stances(_issue_positions(store, viewer, tables["positions"], issue), issue)
        e = e[e["u"].isin(stated) & e["v"].isin(stated)]
        score = issue_influence(graph_from_edges(e), stated)
        score.update({x: 0.0 for x in stated if x not in score})
        because = {x: [f"states {s} on {issue}"] for x, s in stated.items()}
    ranked = sorted(score, key=lambda x: (-score[x], str(x)))[:top]
    tops = _top_ties(e, ranked, names)
    rows = []
    for i, x in enumerate(ranked, 1):
        deg, ties = tops[x]
        where = "" if issue is None else " engaged on the issue"
        rows.append({"id": x, "name": names.get(x, x), "kind": c["kind"].get(x), "title": c["title"].get(x),
                     "rank": i, "score": round(float(score[x]), 6),
                     "because": because.get(x, []) + [f"{deg} ties to others{where}" + (f"; strongest: {ties}" if ties else "")]})
    return rows


def broker_report(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, top: int = 25,
                  betweenness_k: int | None = BROKER_PIVOTS) -> list[dict]:
    """People on many of the strongest paths between everyone else, with the places their strong ties reach."""
    from graph.analytics.brokers import bridges_between
    from graph.analytics.strength import graph_from_edges

    as_of = _today(as_of)
    tables, res = analytics_refresh(store, viewer, as_of=as_of, betweenness_k=betweenness_k)
    c = tables["contacts"].set_index("id")
    names, staff = c["name"].to_dict(), set(c.index[c["kind"] == "our_staff"])
    place = {r["id"]: r["name"] for r in _q(store, viewer, _PLACES)}
    ranked = sorted((x for x in res.brokers if x not in staff), key=lambda x: (-res.brokers[x], str(x)))[:top]
    e = res.edges
    near = graph_from_edges(e[e["u"].isin(ranked) | e["v"].isin(ranked)], attrs=["strength"])
    group = {x: place.get(g, g) for x, g in c["group"].dropna().items()}
    reach = {r["contact"]: r for r in bridges_between(near, group, top=None) if r["contact"] in set(ranked)}
    how = res.approximate.get("brokers", "exact betweenness")
    rows = []
    for x in ranked:
        b, con = float(res.brokers[x]), res.constraint.get(x)
        why = [f"on {b:.2%} of the strongest paths between other people ({how})"]
        if con == con and con is not None:
            why.append(f"constraint {con:.2f} (low: their contacts do not know each other)")
        why += reach.get(x, {}).get("because", [])[:5]
        rows.append({"id": x, "name": names.get(x, x), "kind": c["kind"].get(x), "brokerage": round(b, 6),
                     "constraint": None if con is None or con != con else round(float(con), 4),
                     "groups": reach.get(x, {}).get("groups", []), "because": why})
    return rows


def bridges_between_places(store: Store, viewer: Viewer, place_a: str, place_b: str, *, kind: str | None = None,
                           as_of: dt.date | None = None, top: int = 10) -> list[dict]:
    """Who connects the people of two jurisdictions (and everything inside them) without us.

    Counted on ties that exist without our staff: interactions with any of our
    staff, OWNS ties and our staff themselves are left out, so the answer is
    who could introduce them to each other, not who convenes them. ``kind``
    keeps only group members of that kind (e.g. ``elected_official``).
    """
    from graph.analytics.brokers import bridging, separates
    from graph.analytics.strength import graph_from_edges, strength_edges
    from queries.common import require

    as_of = _today(as_of)
    label = {p: require(store, viewer, "Jurisdiction", p, "a jurisdiction") for p in (place_a, place_b)}
    parent = {r["id"]: r["parent"] for r in _q(store, viewer, _PLACES)}
    t = analytics_tables(store, viewer, as_of=as_of)
    c = t["contacts"]
    staff = set(c.loc[c["kind"] == "our_staff", "id"])
    people = c if kind is None else c[c["kind"] == kind]
    groups = [set(people.loc[people["jurisdiction_id"].map(lambda j, p=p: _under(j, p, parent)), "id"]) - staff
              for p in (place_a, place_b)]
    p = t["participants"]
    p = p[~p["interaction_id"].isin(set(p.loc[p["contact_id"].isin(staff), "interaction_id"]))]
    k = t["knows"][~t["knows"]["from_id"].isin(staff) & ~t["knows"]["to_id"].isin(staff)]
    e = strength_edges(t["interactions"], p, k, None, as_of=as_of)
    G = graph_from_edges(e, attrs=["strength", "distance"])
    score = bridging(G, *groups)
    names = c.set_index("id")["name"].to_dict()
    ranked = [x for x in sorted(score, key=lambda x: (-score[x], str(x))) if score[x] > 0][:top]
    rows = []
    for x in ranked:
        why = [f"on {score[x]:.0%} of the strongest paths between {len(groups[0])} people of {label[place_a]} "
               f"and {len(groups[1])} of {label[place_b]} (ties without our staff)"]
        for g, p_ in zip(groups, (place_a, place_b)):
            ties = sorted(((G.edges[x, y]["strength"], y) for y in G[x] if y in g), reverse=True)
            if ties:
                why.append(f"{len(ties)} tie{'s' if len(ties) > 1 else ''} into {label[p_]}: "
                           + ", ".join(f"{names.get(y, y)} ({s:.2f})" for s, y in ties[:3]))
        cut = separates(G, x, *groups)
        if cut:
            why.append(f"without them nobody in {label[place_a]} can reach {label[place_b]}")
        rows.append({"id": x, "name": names.get(x, x), "kind": c.set_index("id")["kind"].get(x),
                     "bridging": round(float(score[x]), 4), "separates": cut, "because": why})
    return rows


def coalition_report(store: Store, viewer: Viewer, *, issue: str | None = None, as_of: dt.date | None = None,
                     seed: int = SEED, min_size: int = 3, use_cache: bool = True) -> list[dict]:
    """Clusters of closely tied people (seeded Louvain), their most influential members and, for ``issue``, their lean."""
    from graph.analytics.coalitions import coalition_stances

    as_of = _today(as_of)
    tables, res = analytics_refresh(store, viewer, as_of=as_of, seed=seed, use_cache=use_cache)
    c = tables["contacts"].set_index("id")
    names, staff = c["name"].to_dict(), set(c.index[c["kind"] == "our_staff"])
    part = {x: k for x, k in res.communities.items() if x not in staff}
    members: dict = {}
    for x, k in part.items():
        members.setdefault(k, []).append(x)
    stances = {}
    if issue is not None:
        pos = _issue_positions(store, viewer, tables["positions"], issue)
        stances = {r["community"]: r for r in coalition_stances(part, pos, issue)}
    rows = []
    for k in sorted(members, key=lambda k: (-len(members[k]), k)):
        if len(members[k]) < min_size:
            continue
        lead = sorted(members[k], key=lambda x: (-res.influence.get(x, 0.0), str(x)))[:5]
        row = {"coalition": k + 1, "size": len(members[k]), "members": [names.get(x, x) for x in lead],
               "member_ids": sorted(members[k]), "seed": seed,
               "because": [f"most influential: {', '.join(names.get(x, x) for x in lead)}"]}
        if issue is not None:
            s = stances[k]
            row.update({key: s[key] for key in ("support", "oppose", "neutral", "mixed", "unknown", "lean")})
            row["because"] += s["because"] or [f"nobody states a stance on {issue}"]
        rows.append(row)
    return rows


def warm_paths_to(store: Store, viewer: Viewer, target: str, *, source: str | None = None, issue: str | None = None,
                  supporters_only: bool = False, avoid: Iterable[str] = (), k: int = 3,
                  as_of: dt.date | None = None) -> list[dict]:
    """The strongest chains of introductions from our staff (or one staff member) to ``target``.

    ``supporters_only`` (with ``issue``): everybody in between is our staff or
    states support on the issue, so no opponent hears of the approach first.
    """
    from graph.analytics import AnalyticsError
    from graph.analytics.influence import current_stances
    from queries.common import require

    as_of = _today(as_of)
    require(store, viewer, "Contact", target, "a contact")
    tables = analytics_tables(store, viewer, as_of=as_of)
    c = tables["contacts"]
    staff = set(c.loc[c["kind"] == "our_staff", "id"])
    if source is not None:
        require(store, viewer, "Contact", source, "a contact")
        if source not in staff:
            raise AnalyticsError(f'"{source}" is not one of our staff - --from takes a staff member\'s id')
        c = c.assign(kind=c["kind"].where(~c["id"].isin(staff - {source}), "our_colleague"))
    e = _strength_table(tables, as_of)
    ends = {target} | ({source} if source else staff)
    if supporters_only:
        if issue is None:
            raise AnalyticsError("--supporters-only needs --issue: supporters of which issue?")
        stated = current_stances(_issue_positions(store, viewer, tables["positions"], issue), issue)
        ok = {x for x, s in stated.items() if s == "support"} | staff | ends
        e = e[e["u"].isin(ok) & e["v"].isin(ok)]
    bad = set(avoid) - ends
    if bad:
        e = e[~e["u"].isin(bad) & ~e["v"].isin(bad)]
    rows = warm_introductions(e, c, target, k=k, hops=4)
    for r in rows:
        r["from"] = r["ids"][0]
        r["strength"] = round(r["strength"], 4)
        r.pop("cost", None)
    return rows


def memory_risks(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, dormant_months: float = 12,
                 leaving_within_days: int = 180, min_strength: float = 0.7) -> list[dict]:
    """Key relationships we could lose: one holder, holders leaving, nobody holding it, dormant; riskiest first.

    Key contacts: those one of our staff owns, and the most influential tenth of everyone else.
    A staff member holds a relationship they own (OWNS) or one of strength at least
    ``min_strength`` (0.7: about two meetings in the last year); weaker staff ties are
    named as who could take over.
    """
    as_of = _today(as_of)
    tables, res = analytics_refresh(store, viewer, as_of=as_of)
    return _memory_rows(tables, res, as_of=as_of, dormant_months=dormant_months,
                        leaving_within_days=leaving_within_days, min_strength=min_strength)


def _memory_rows(tables: dict, res, *, as_of: dt.date, dormant_months: float = 12, leaving_within_days: int = 180,
                 min_strength: float = 0.7) -> list[dict]:
    """Memory risks from an analytics refresh; only the ties of our staff matter (a small graph at any scale)."""
    import numpy as np
    import pandas as pd

    from graph.analytics.memory import memory_risk
    from graph.analytics.strength import graph_from_edges

    c, owns = tables["contacts"], tables["owns"]
    staff = set(c.loc[c["kind"] == "our_staff", "id"])
    if "end_date" in owns:
        owns = owns[owns["end_date"].isna() | (pd.to_datetime(owns["end_date"], errors="coerce") > pd.Timestamp(as_of))]
    infl = {x: v for x, v in res.influence.items() if x not in staff}
    cut = np.quantile(list(infl.values()), 0.9) if infl else 0.0
    # owned contacts are key whatever their score: rank them above the cut so the quantile keeps them
    importance = {x: (v if v >= cut else 0.0) for x, v in infl.items()}
    importance.update({x: max(infl.get(x, 0.0), cut) + 1e-12 for x in owns["contact_id"] if x not in staff})
    e = res.edges
    rows = memory_risk(graph_from_edges(e[e["u"].isin(staff) | e["v"].isin(staff)]), c, owns, as_of=as_of,
                       importance=importance, key_quantile=0.0, dormant_months=dormant_months,
                       leaving_within_days=leaving_within_days, min_strength=min_strength)
    names = c.set_index("id")["name"]
    for r in rows:
        r["importance"] = round(float(infl.get(r["contact"], 0.0)), 6)
        r["holder_names"] = [names.get(h, h) for h in r["holders"]]
    return rows


def inferred_stances(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
                     min_confidence: float = 0.3, top: int | None = 100) -> list[dict]:
    """Where people with no stated stance on ``issue`` probably stand, from their ties; every row says ``inferred``."""
    from graph.analytics.inference import infer_stances
    from graph.analytics.strength import graph_from_edges

    as_of = _today(as_of)
    tables = analytics_tables(store, viewer, as_of=as_of)
    pos = _issue_positions(store, viewer, tables["positions"], issue)
    G = graph_from_edges(_strength_table(tables, as_of), attrs=["strength"])
    names = tables["contacts"].set_index("id")["name"].to_dict()
    guess = infer_stances(G, pos, issue, min_confidence=min_confidence)
    rows = [{"id": x, "name": names.get(x, x), "stance": g["stance"], "confidence": g["confidence"],
             "inferred": True, "from": g["from"],
             "because": [b.replace(f["contact"], names.get(f["contact"], f["contact"]), 1)
                         for b, f in zip(g["because"], g["from"])]} for x, g in guess.items()]
    rows.sort(key=lambda r: (-r["confidence"], str(r["id"])))
    return rows[:top] if top else rows
