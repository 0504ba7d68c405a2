"""Relationship strength: how well two people know each other, and why we think so.

One model, used by every ranking (who-knows, warm introductions, memory risk,
influence, brokers, the maps):

* **evidence** (``raw``, in "recent e-mails"): every shared interaction adds
  its kind's weight (a meeting counts three e-mails, a notice a tenth of one),
  times its direction's weight (a sender or organizer and a recipient: 1; two
  people who only received the same message: ``co_recipient`` 0.5), halved
  for every ``half_life_days`` of age counted back from ``as_of`` (which
  callers take from ``graph.clock.today()``). A stated KNOWS tie adds
  ``knows_weight * its strength`` and an OWNS tie (our staff member holds the
  relationship) adds ``owns_weight``: explicit ties are a floor under the
  evidence, never a ceiling;
* **strength** ``= L / (L + log(1 + half))`` with ``L = log(1 + raw)``:
  volume with diminishing returns, 0.5 at ``half`` raw points (two meetings
  today), strictly increasing and never 1.0, so the top of a busy person's
  list stays spread out (a thousand e-mails rank above a hundred, which rank
  above ten). A path's strengths multiply (``distance = -log(strength)``).

More interactions of the same kind never lower strength; an older interaction
never counts more than a newer one. Interactions with more than ``max_group``
participants (mass mailings, big events) create no pairs: being on the same
notice is not a relationship.

>>> import pandas as pd
>>> interactions = pd.DataFrame({"id": ["i1", "i2"], "kind": ["meeting", "call"],
...                              "date": ["2026-01-01", "2026-01-01"]})
>>> participants = pd.DataFrame({"interaction_id": ["i1", "i1", "i2", "i2"],
...                              "contact_id": ["ana", "bo", "ana", "bo"]})
>>> e = strength_edges(interactions, participants, as_of="2026-01-01")
>>> e[["u", "v", "raw", "n_meeting", "n_call"]].to_dict("records")
[{'u': 'ana', 'v': 'bo', 'raw': 5.0, 'n_meeting': 1, 'n_call': 1}]
>>> round(float(e.at[0, "strength"]), 3)
0.479
>>> explain_edge(e.iloc[0])
'1 meeting and 1 call since 2026, last on 2026-01-01'
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from graph.analytics import NodeNotFound, AnalyticsError, require_columns
from graph.analytics import coded as coded_tables

if TYPE_CHECKING:  # imported where a graph is made: the analytics refresh never makes one (0.07-0.1 s)
    import networkx as nx

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

HALF_RAW = 6.0  # raw points for strength 0.5: two meetings today
CO_RECIPIENT = 0.5  # two people who only received the same message
SENDING = coded_tables.SENDING  # roles that address the others
KNOWS_WEIGHT, OWNS_WEIGHT = 3.0, 2.0  # raw points of a stated tie (KNOWS: times its 0..1 strength)

EDGE_COLUMNS = ["u", "v", "raw", "strength", "distance", "n_interactions",
                "first_date", "last_date", "knows", "owns"]


def decay(age_days, half_life_days: float):
    """The weight left after ``age_days``: 1 today, 0.5 at the half-life.

    >>> decay(365, 365), decay(730, 365), decay(0, 365)
    (0.5, 0.25, 1.0)
    """
    return 0.5 ** (np.asarray(age_days, dtype=float) / half_life_days) if np.ndim(age_days) \
        else 0.5 ** (age_days / half_life_days)


def to_strength(raw, half: float = HALF_RAW):
    """Map raw evidence (>= 0) to 0..1: ``log(1 + raw) / (log(1 + raw) + log(1 + half))``.

    Strictly increasing, 0.5 at ``half``, below 1 for any finite evidence:

    >>> [round(float(to_strength(r)), 3) for r in (0, 1, 6, 60, 600, 6000)]
    [0.0, 0.263, 0.5, 0.679, 0.767, 0.817]
    """
    lo = np.log1p(np.maximum(np.asarray(raw, dtype=float), 0.0))
    out = lo / (lo + math.log1p(half))
    return out if np.ndim(raw) else float(out)


def tie_strength(tie: str, recorded: float | None = None, *, knows_weight: float = KNOWS_WEIGHT,
                 owns_weight: float = OWNS_WEIGHT, half: float = HALF_RAW) -> float:
    """The strength of one stated tie alone (``tie``: KNOWS or OWNS; a KNOWS without a strength counts 0.5).

    >>> round(tie_strength("OWNS"), 3), round(tie_strength("KNOWS", 0.9), 3)
    (0.361, 0.402)
    """
    raw = owns_weight if tie == "OWNS" else knows_weight * (0.5 if recorded is None else float(recorded))
    return to_strength(raw, half)


NAT = coded_tables.NAT
_days = coded_tables.days


def strength_edges(interactions, participants, knows=None, owns=None, *,
                   as_of, half_life_days: float = 365.0, weights: dict[str, float] | None = None,
                   knows_weight: float = KNOWS_WEIGHT, owns_weight: float = OWNS_WEIGHT,
                   half: float = HALF_RAW, co_recipient: float = CO_RECIPIENT,
                   max_group: int = 25) -> pd.DataFrame:
    """The strength graph as an edge table (columns: see the package docstring), in bulk.

    ``u < v`` (as strings) on every row; interactions after ``as_of`` are ignored.
    ``participants`` may carry ``role`` (sender, recipient, organizer...): a pair
    of people who both only received the same message weighs ``co_recipient``.
    The tables may be pandas DataFrames or Arrow tables (graph/analytics/coded.py).
    """
    return strength_table(interactions, participants, knows, owns, as_of=as_of, half_life_days=half_life_days,
                          weights=weights, knows_weight=knows_weight, owns_weight=owns_weight, half=half,
                          co_recipient=co_recipient, max_group=max_group)[0]


def strength_table(interactions, participants, knows=None, owns=None, *,
                   as_of, half_life_days: float = 365.0, weights: dict[str, float] | None = None,
                   knows_weight: float = KNOWS_WEIGHT, owns_weight: float = OWNS_WEIGHT,
                   half: float = HALF_RAW, co_recipient: float = CO_RECIPIENT,
                   max_group: int = 25) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """``(edges, u, v, names)``: ``strength_edges``' table and its ends as integer codes into
    ``names`` (``edges.u == names[u]``), so that a graph can be built without hashing the ids again."""
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    kinds = list(w)
    wvec = np.array([w[k] for k in kinds], dtype=float)
    today = int(np.datetime64(pd.Timestamp(as_of).date(), "D").astype(np.int64))
    c = coded_tables.coded(interactions, participants, knows, owns, kinds)
    kind_code, day, names = c.kind, c.day, c.names
    n = len(names)
    usable = (day != NAT) & (day <= today)
    iweight = wvec[kind_code] * 0.5 ** ((today - day) / half_life_days)
    pos, pc = c.at, c.person

    ok = pos >= 0
    ok[ok] = usable[pos[ok]]
    # one (interaction, person) per row, sorted by interaction, without a hash join
    ip = _sorted_unique(pos[ok].astype(np.int64) * n + pc[ok])
    pi, pp = ip // n, ip % n
    sends = np.zeros(len(ip), bool)  # this person addressed the others (sender, organizer, author)
    if c.sends.any() and len(ip):
        sk = _sorted_unique(pos[ok & c.sends].astype(np.int64) * n + pc[ok & c.sends])
        at = np.minimum(np.searchsorted(ip, sk), len(ip) - 1)
        sends[at[ip[at] == sk]] = True
    first = np.flatnonzero(np.r_[True, pi[1:] != pi[:-1]]) if len(pi) else np.array([], dtype=np.int64)
    sizes = np.diff(np.r_[first, len(pi)])
    group_size = np.repeat(sizes, sizes)
    keep = (group_size >= 2) & (group_size <= max_group)
    pi, pp, sends = pi[keep], pp[keep], sends[keep]
    has_sender = np.zeros(len(day), bool)
    has_sender[pi[sends]] = True
    # every pair in an interaction: the j-th and (j+d)-th person of the same interaction, for each d
    a_parts, b_parts, i_parts, s_parts = [], [], [], []
    for d in range(1, max_group):
        same = pi[d:] == pi[:-d]
        if not same.any():
            break  # no interaction has more than d people
        a_parts.append(pp[:-d][same])
        b_parts.append(pp[d:][same])
        i_parts.append(pi[:-d][same])
        s_parts.append(sends[:-d][same] | sends[d:][same])
    a, b, i = (np.concatenate(x) if x else np.array([], dtype=np.int64) for x in (a_parts, b_parts, i_parts))
    addressed = np.concatenate(s_parts) if s_parts else np.array([], dtype=bool)
    # a pair weighs 1 unless both only received a message somebody else sent
    pweight = iweight[i] * np.where(addressed | ~has_sender[i], 1.0, co_recipient)
    # a code is its name's place in sorted order: the smaller code first puts each pair in name order
    a, b = np.minimum(a, b), np.maximum(a, b)
    key = a.astype(np.int64) * n + b

    # any order within a pair will do: its sums are exact (fixed point), its dates a min and a max
    order = np.argsort(key)
    key, i, pweight = key[order], i[order], pweight[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], dtype=np.int64)
    ukey = key[starts]
    grp = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(key)]))
    raw = _exact_sums(pweight, starts)
    dday = day[i]
    first = np.minimum.reduceat(dday, starts) if len(key) else np.array([], dtype=np.int64)
    last = np.maximum.reduceat(dday, starts) if len(key) else np.array([], dtype=np.int64)
    counts = np.bincount(grp * len(kinds) + kind_code[i], minlength=len(starts) * len(kinds)) \
        .reshape(len(starts), len(kinds))

    tie_keys, tie_knows, tie_owns = [], [], []
    if c.knows is not None:
        ka, kb, ks = c.knows
        tie_keys.append(np.minimum(ka, kb).astype(np.int64) * n + np.maximum(ka, kb))
        tie_knows.append(ks)
        tie_owns.append(np.zeros(len(ka)))
    if c.owns is not None:
        oa, ob, end = c.owns
        live = (end == NAT) | (end > today)
        oa, ob = oa[live], ob[live]
        tie_keys.append(np.minimum(oa, ob).astype(np.int64) * n + np.maximum(oa, ob))
        tie_knows.append(np.zeros(live.sum()))
        tie_owns.append(np.ones(live.sum()))
    if tie_keys:
        tk = pd.DataFrame({"k": np.concatenate(tie_keys), "knows": np.concatenate(tie_knows),
                           "owns": np.concatenate(tie_owns)})
        tk = tk[tk["k"] // n != tk["k"] % n].groupby("k").max()
        allk = _sorted_unique(np.concatenate([ukey, tk.index.to_numpy()]))
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
        out_raw = _fixed_add(out_raw, knows_weight * kn + owns_weight * ow)

    s = np.clip(to_strength(out_raw, half), 1e-12, 1 - 1e-12)
    u, v = allk // n, allk % n
    # every column at once (adding the counts one by one copied the table each time), dates already
    # in a resolution pandas keeps (datetime64[D] was converted value by value)
    out = pd.DataFrame({
        "u": names[u], "v": names[v], "raw": out_raw, "strength": s,
        "distance": -np.log(s), "n_interactions": cnt.sum(axis=1),
        "first_date": _to_dates(fd), "last_date": _to_dates(ld), "knows": kn, "owns": ow,
        **{f"n_{k}": cnt[:, j] for j, k in enumerate(kinds)},
    }, copy=False)  # the arrays are ours: no copy into consolidated blocks
    out.attrs.update(as_of=str(pd.Timestamp(as_of).date()), half_life_days=half_life_days,
                     weights=w, half=half,
                     co_recipient=co_recipient)
    return out, u, v, names


FIXED = 2.0 ** 32  # evidence is summed in fixed point (1/FIXED of a point): exact, so the order rows came in cannot matter


def _exact_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums of the runs of ``values`` that begin at ``starts``, the same whatever the order inside a run.

    Floating-point addition is not associative: summed in the order the store returned the
    rows, a pair's evidence could differ in its last bit between two processes, and a tied
    shortest path or a Louvain move with it. Integers add exactly.

    >>> a, b = _exact_sums(np.array([0.1, 0.2, 0.3]), np.array([0])), _exact_sums(np.array([0.3, 0.2, 0.1]), np.array([0]))
    >>> bool(a[0] == b[0]), round(float(a[0]), 9)
    (True, 0.6)
    """
    if not len(values):
        return np.array([])
    return np.add.reduceat(np.rint(values * FIXED).astype(np.int64), starts) / FIXED


def _fixed_add(a, b) -> np.ndarray:
    """``a + b`` in fixed point: exact, so (interactions + ties) + new interactions is
    (interactions + new interactions) + ties to the last bit."""
    return (np.rint(np.asarray(a) * FIXED).astype(np.int64) + np.rint(np.asarray(b) * FIXED).astype(np.int64)) / FIXED


def add_interactions(edges: pd.DataFrame, interactions: pd.DataFrame, participants: pd.DataFrame, *,
                     as_of, half_life_days: float = 365.0, weights: dict[str, float] | None = None,
                     half: float = HALF_RAW, co_recipient: float = CO_RECIPIENT, max_group: int = 25,
                     **ignored) -> pd.DataFrame:
    """The strength edge table after new interactions: only the pairs they touch are recomputed.

    ``edges`` is a ``strength_edges`` table on the same ``as_of`` and options; ``interactions``
    and ``participants`` hold interactions it did not count (new ids). The result equals
    ``strength_edges`` on all the interactions, to the last bit (evidence is summed in fixed
    point): the pairs of the new interactions get their points, counts and dates added and
    their strength recomputed; every other row is kept as it was. Not incremental (call
    ``strength_edges``): another ``as_of`` (every interaction's age changes), a changed or
    deleted interaction, new participants of a counted interaction, changed KNOWS/OWNS ties.

    >>> inter = pd.DataFrame({"id": ["i1", "i2"], "kind": ["meeting", "call"], "date": ["2026-01-01", "2026-01-01"]})
    >>> part = pd.DataFrame({"interaction_id": ["i1", "i1", "i2", "i2"], "contact_id": ["ana", "bo", "bo", "cy"]})
    >>> old = strength_edges(inter[:1], part[:2], as_of="2026-01-01")
    >>> new = add_interactions(old, inter[1:], part[2:], as_of="2026-01-01")
    >>> new.equals(strength_edges(inter, part, as_of="2026-01-01"))
    True
    """
    day = str(pd.Timestamp(as_of).date())
    if edges.attrs.get("as_of", day) != day:
        raise AnalyticsError(f"the edge table was measured on {edges.attrs['as_of']}, not on {day}: "
                             "recompute it with strength_edges")
    delta = strength_edges(interactions, participants, as_of=as_of, half_life_days=half_life_days,
                           weights=weights, half=half, co_recipient=co_recipient, max_group=max_group)
    if delta.empty:
        return edges
    counts = [c for c in delta.columns if c.startswith("n_")]
    both = pd.concat([edges, delta], ignore_index=True)
    names = np.asarray(both["u"].astype(str).tolist() + both["v"].astype(str).tolist(), dtype=object)
    codes, uniq = pd.factorize(names)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[np.argsort(np.asarray(uniq, dtype=str), kind="stable")] = np.arange(len(uniq))
    key = rank[codes[:len(both)]] * len(uniq) + rank[codes[len(both):]]
    touched = np.isin(key[:len(edges)], key[len(edges):])
    at = pd.Index(key[:len(edges)][touched]).get_indexer(key[len(edges):])  # -1: a new pair
    old = edges[touched].reset_index(drop=True)
    grown = delta[at >= 0].reset_index(drop=True)
    mine = old.iloc[at[at >= 0]].reset_index(drop=True)
    merged = mine.copy()
    merged["raw"] = _fixed_add(mine["raw"].to_numpy(float), grown["raw"].to_numpy(float))
    for c in counts:
        merged[c] = mine[c].to_numpy() + grown[c].to_numpy()
    merged["first_date"] = np.where(pd.isna(mine["first_date"]), grown["first_date"],
                                    np.minimum(mine["first_date"].fillna(grown["first_date"]), grown["first_date"]))
    merged["last_date"] = np.where(pd.isna(mine["last_date"]), grown["last_date"],
                                   np.maximum(mine["last_date"].fillna(grown["last_date"]), grown["last_date"]))
    strength = np.clip(to_strength(merged["raw"].to_numpy(float), half), 1e-12, 1 - 1e-12)
    merged["strength"], merged["distance"] = strength, -np.log(strength)
    added = delta[at < 0]
    out = pd.concat([edges[~touched], merged, added], ignore_index=True)
    order = np.lexsort((out["v"].astype(str).to_numpy(dtype=str), out["u"].astype(str).to_numpy(dtype=str)))
    out = out.iloc[order].reset_index(drop=True)
    for c in counts + ["first_date", "last_date"]:
        out[c] = out[c].astype(edges[c].dtype)
    out.attrs.update(edges.attrs)
    return out


def _to_dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970 (``NAT`` for none) as ``datetime64[s]``, the resolution pandas keeps.

    >>> _to_dates(np.array([0, 20000, NAT])).tolist()
    [datetime.datetime(1970, 1, 1, 0, 0), datetime.datetime(2024, 10, 4, 0, 0), None]
    """
    return np.where(days == NAT, NAT, days * 86400).view("datetime64[s]")  # NaT is int64's minimum


def _sorted_unique(x: np.ndarray) -> np.ndarray:
    """``np.unique`` for int64 by sorting (numpy's hash-based unique is several times slower here)."""
    x = np.sort(x)
    return x[np.r_[True, x[1:] != x[:-1]]] if len(x) else x


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
    import networkx as nx

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

    >>> import networkx as nx
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
