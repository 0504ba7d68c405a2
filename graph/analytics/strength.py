"""Relationship strength: how well two people know each other, and why we think so.

Every shared interaction adds its kind's weight (a meeting counts more than a
notice), halved for every ``half_life_days`` of age; a stated KNOWS tie adds
``knows_weight * strength`` and an OWNS tie (our staff member holds the
relationship) adds ``owns_weight``. The sum is the ``raw`` score, in
"recent meetings"; ``strength = 1 - exp(-raw / saturation)`` squeezes it into
0..1 so that a path's strengths multiply like the odds that every
introduction along it works (``distance = -log(strength)``).

Interactions with more than ``max_group`` participants (mass mailings, big
events) create no pairs: being on the same notice is not a relationship.

>>> import pandas as pd
>>> interactions = pd.DataFrame({"id": ["i1", "i2"], "kind": ["meeting", "call"],
...                              "date": ["2026-01-01", "2026-01-01"]})
>>> participants = pd.DataFrame({"interaction_id": ["i1", "i1", "i2", "i2"],
...                              "contact_id": ["ana", "bo", "ana", "bo"]})
>>> e = strength_edges(interactions, participants, as_of="2026-01-01")
>>> e[["u", "v", "raw", "n_meeting", "n_call"]].to_dict("records")
[{'u': 'ana', 'v': 'bo', 'raw': 5.0, 'n_meeting': 1, 'n_call': 1}]
>>> explain_edge(e.iloc[0])
'1 meeting and 1 call since 2026, last on 2026-01-01'
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from graph.analytics import NodeNotFound, AnalyticsError, require_columns

# A meeting is worth three notices' worth of nothing: weights are in "meetings / 3".
DEFAULT_WEIGHTS: dict[str, float] = {
    "meeting": 3.0,
    "call": 2.0,
    "event": 1.0,
    "email": 1.0,
    "letter": 1.0,
    "testimony": 0.5,
    "article": 0.25,
    "notice": 0.1,
}
PLURAL = {"email": "e-mails", "testimony": "testimonies"}

EDGE_COLUMNS = ["u", "v", "raw", "strength", "distance", "n_interactions",
                "first_date", "last_date", "knows", "owns"]


def decay(age_days, half_life_days: float):
    """The weight left after ``age_days``: 1 today, 0.5 at the half-life.

    >>> decay(365, 365), decay(730, 365), decay(0, 365)
    (0.5, 0.25, 1.0)
    """
    return 0.5 ** (np.asarray(age_days, dtype=float) / half_life_days) if np.ndim(age_days) \
        else 0.5 ** (age_days / half_life_days)


def to_strength(raw, saturation: float = 3.0):
    """Map a raw score (>= 0) to 0..1; ``saturation`` raw points give 0.63.

    >>> round(to_strength(3.0), 3), to_strength(0.0)
    (0.632, 0.0)
    """
    return -np.expm1(-np.asarray(raw, dtype=float) / saturation) if np.ndim(raw) \
        else -math.expm1(-raw / saturation)


def _days(values) -> np.ndarray:
    """Dates (text, date or datetime64) as int64 days since 1970; NaT -> min int."""
    return pd.to_datetime(pd.Series(values), errors="coerce").to_numpy("datetime64[D]").astype(np.int64)


NAT = np.iinfo(np.int64).min


def strength_edges(interactions: pd.DataFrame, participants: pd.DataFrame,
                   knows: pd.DataFrame | None = None, owns: pd.DataFrame | None = None, *,
                   as_of, half_life_days: float = 365.0, weights: dict[str, float] | None = None,
                   knows_weight: float = 3.0, owns_weight: float = 2.0,
                   saturation: float = 3.0, max_group: int = 25) -> pd.DataFrame:
    """The strength graph as an edge table (columns: see the package docstring), in bulk.

    ``u < v`` (as strings) on every row; interactions after ``as_of`` are ignored.
    """
    require_columns(interactions, ["id", "kind", "date"], "interactions")
    require_columns(participants, ["interaction_id", "contact_id"], "participants")
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    kinds = list(w)
    wvec = np.array([w[k] for k in kinds], dtype=float)
    today = int(np.datetime64(pd.Timestamp(as_of).date(), "D").astype(np.int64))

    kind_code = pd.Categorical(interactions["kind"], categories=kinds).codes
    if (kind_code < 0).any():
        bad = sorted(set(interactions["kind"][kind_code < 0].astype(str)))
        raise AnalyticsError(f"interactions table has unknown kind(s) {', '.join(bad)}; "
                             f"known kinds: {', '.join(kinds)}")
    day = _days(interactions["date"])
    usable = (day != NAT) & (day <= today)
    iweight = wvec[kind_code] * 0.5 ** ((today - day) / half_life_days)

    # Every id, from every table, gets one integer code.
    ids = [participants["contact_id"].to_numpy(object)]
    if knows is not None and len(knows):
        require_columns(knows, ["from_id", "to_id"], "knows")
        ids += [knows["from_id"].to_numpy(object), knows["to_id"].to_numpy(object)]
    if owns is not None and len(owns):
        require_columns(owns, ["staff_id", "contact_id"], "owns")
        ids += [owns["staff_id"].to_numpy(object), owns["contact_id"].to_numpy(object)]
    codes, names = pd.factorize(np.concatenate(ids).astype(str))
    names = np.asarray(names, dtype=object)
    n = len(names)
    pc = codes[: len(participants)]

    pos = pd.Index(interactions["id"].astype(str)).get_indexer(participants["interaction_id"].astype(str))
    ok = pos >= 0
    ok[ok] = usable[pos[ok]]
    pairs = pd.DataFrame({"i": pos[ok], "c": pc[ok]}).drop_duplicates()
    size = np.bincount(pairs["i"].to_numpy(), minlength=len(interactions))
    pairs = pairs[(size[pairs["i"].to_numpy()] >= 2) & (size[pairs["i"].to_numpy()] <= max_group)]
    m = pairs.merge(pairs, on="i")
    a, b, i = m["c_x"].to_numpy(), m["c_y"].to_numpy(), m["i"].to_numpy()
    # order each pair by name so (u, v) is stable whatever the input order
    keep = _name_less(a, b, names)
    a, b, i = a[keep], b[keep], i[keep]
    key = a.astype(np.int64) * n + b

    order = np.argsort(key, kind="stable")
    key, i = key[order], i[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], dtype=np.int64)
    ukey = key[starts]
    grp = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(key)]))
    raw = np.add.reduceat(iweight[i], starts) if len(key) else np.array([])
    first = np.minimum.reduceat(day[i], starts) if len(key) else np.array([], dtype=np.int64)
    last = np.maximum.reduceat(day[i], starts) if len(key) else np.array([], dtype=np.int64)
    counts = np.bincount(grp * len(kinds) + kind_code[i], minlength=len(starts) * len(kinds)) \
        .reshape(len(starts), len(kinds))

    tie_keys, tie_knows, tie_owns = [], [], []
    if knows is not None and len(knows):
        ka, kb = codes[len(participants): len(participants) + len(knows)], \
            codes[len(participants) + len(knows): len(participants) + 2 * len(knows)]
        ks = pd.to_numeric(knows["strength"], errors="coerce").fillna(0.5).to_numpy(float) \
            if "strength" in knows.columns else np.full(len(knows), 0.5)
        lo, hi = _ordered(ka, kb, names)
        tie_keys.append(lo.astype(np.int64) * n + hi)
        tie_knows.append(ks)
        tie_owns.append(np.zeros(len(knows)))
    if owns is not None and len(owns):
        off = len(ids[0]) + (2 * len(knows) if knows is not None and len(knows) else 0)
        oa, ob = codes[off: off + len(owns)], codes[off + len(owns): off + 2 * len(owns)]
        live = np.ones(len(owns), bool)
        if "end_date" in owns.columns:
            end = _days(owns["end_date"])
            live = (end == NAT) | (end > today)
        lo, hi = _ordered(oa[live], ob[live], names)
        tie_keys.append(lo.astype(np.int64) * n + hi)
        tie_knows.append(np.zeros(live.sum()))
        tie_owns.append(np.ones(live.sum()))
    if tie_keys:
        tk = pd.DataFrame({"k": np.concatenate(tie_keys), "knows": np.concatenate(tie_knows),
                           "owns": np.concatenate(tie_owns)})
        tk = tk[tk["k"] // n != tk["k"] % n].groupby("k").max()
        allk = np.union1d(ukey, tk.index.to_numpy())
    else:
        tk, allk = None, ukey
    at = np.searchsorted(allk, ukey)
    out_raw = np.zeros(len(allk))
    out_raw[at] = raw
    cnt = np.zeros((len(allk), len(kinds)), dtype=np.int64)
    cnt[at] = counts
    fd = np.full(len(allk), NAT)
    ld = np.full(len(allk), NAT)
    fd[at], ld[at] = first, last
    kn = np.zeros(len(allk))
    ow = np.zeros(len(allk), dtype=bool)
    if tk is not None:
        tat = np.searchsorted(allk, tk.index.to_numpy())
        kn[tat] = tk["knows"].to_numpy()
        ow[tat] = tk["owns"].to_numpy() > 0
        out_raw += knows_weight * kn + owns_weight * ow

    s = np.clip(to_strength(out_raw, saturation), 1e-12, 1 - 1e-12)
    out = pd.DataFrame({
        "u": names[allk // n], "v": names[allk % n], "raw": out_raw, "strength": s,
        "distance": -np.log(s), "n_interactions": cnt.sum(axis=1),
        "first_date": _to_dates(fd), "last_date": _to_dates(ld), "knows": kn, "owns": ow,
    })
    for j, k in enumerate(kinds):
        out[f"n_{k}"] = cnt[:, j]
    out.attrs.update(as_of=str(pd.Timestamp(as_of).date()), half_life_days=half_life_days,
                     weights=w, saturation=saturation)
    return out


def _to_dates(days: np.ndarray) -> np.ndarray:
    d = days.astype("datetime64[D]")
    d[days == NAT] = np.datetime64("NaT")
    return d


def _name_less(a: np.ndarray, b: np.ndarray, names: np.ndarray) -> np.ndarray:
    """names[a] < names[b] without comparing millions of Python strings."""
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.argsort(names.astype(str), kind="stable")] = np.arange(len(names))
    return rank[a] < rank[b]


def _ordered(a, b, names):
    less = _name_less(a, b, names)
    return np.where(less, a, b), np.where(less, b, a)


def node_order(edges: pd.DataFrame, nodes=None) -> list:
    """The node order every graph builder uses: ``nodes`` first, then edge ends as they appear."""
    ends = pd.unique(np.column_stack([edges["u"].to_numpy(object), edges["v"].to_numpy(object)]).ravel())
    if nodes is None:
        return list(ends)
    first = list(pd.unique(pd.Series(list(nodes), dtype=object)))
    seen = set(first)
    return first + [x for x in ends if x not in seen]


def graph_from_edges(edges: pd.DataFrame, nodes=None, *, attrs=None) -> nx.Graph:
    """A ``networkx.Graph`` from a strength edge table (``attrs``: columns to keep, default all).

    >>> e = pd.DataFrame({"u": ["a"], "v": ["b"], "strength": [0.5]})
    >>> graph_from_edges(e, nodes=["c"]).edges(data=True)
    EdgeDataView([('a', 'b', {'strength': 0.5})])
    """
    require_columns(edges, ["u", "v"], "edges")
    attrs = [c for c in edges.columns if c not in ("u", "v")] if attrs is None else list(attrs)
    G = nx.Graph()
    G.add_nodes_from(node_order(edges, nodes))
    cols = [edges[c].tolist() for c in attrs]
    G.add_edges_from((u, v, dict(zip(attrs, vals)))
                     for u, v, *vals in zip(edges["u"].tolist(), edges["v"].tolist(), *cols))
    G.graph.update(edges.attrs)
    return G


def strength_graph(interactions, participants, knows=None, owns=None, *, as_of,
                   half_life_days: float = 365.0, weights=None, nodes=None, **options) -> nx.Graph:
    """``strength_edges`` as a ``networkx.Graph``; edges carry every column as attributes."""
    e = strength_edges(interactions, participants, knows, owns, as_of=as_of,
                       half_life_days=half_life_days, weights=weights, **options)
    return graph_from_edges(e, nodes)


def explain_edge(row) -> str:
    """One sentence: what the strength of an edge is made of."""
    row = dict(row)
    parts = []
    kinds = sorted((k[2:] for k in row if k.startswith("n_") and k != "n_interactions"),
                   key=lambda k: -DEFAULT_WEIGHTS.get(k, 0))
    for k in kinds:
        c = int(row.get(f"n_{k}", 0) or 0)
        if c:
            parts.append(f"{c} {k if c == 1 else PLURAL.get(k, k + 's')}")
    text = ""
    if parts:
        text = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
        first, last = pd.Timestamp(row.get("first_date")), pd.Timestamp(row.get("last_date"))
        if not pd.isna(first):
            text += f" since {first.year}"
        if not pd.isna(last):
            text += f", last on {last.date().isoformat()}"
    ties = []
    if row.get("knows"):
        ties.append(f"stated KNOWS tie ({row['knows']:.2f})")
    if row.get("owns"):
        ties.append("our staff member owns the relationship")
    return "; ".join([t for t in [text] if t] + ties) or "no shared interactions or stated ties"


def relationship_strength(G: nx.Graph, a, b) -> dict:
    """How strong the relationship between ``a`` and ``b`` is, with the evidence.

    >>> G = nx.Graph(); G.add_edge("ana", "bo", strength=0.8, raw=4.8, n_meeting=2)
    >>> relationship_strength(G, "ana", "bo")["because"]
    ['2 meetings']
    """
    for x in (a, b):
        if x not in G:
            raise NodeNotFound(f"{x} is not in the strength graph - check the contact id")
    if not G.has_edge(a, b):
        return {"a": a, "b": b, "strength": 0.0, "raw": 0.0,
                "because": ["no shared interactions or stated ties"]}
    d = G.edges[a, b]
    return {"a": a, "b": b, "strength": float(d.get("strength", 0.0)), "raw": float(d.get("raw", 0.0)),
            "because": [explain_edge(d)]}
