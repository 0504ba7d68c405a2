"""Relationship maps as self-contained HTML: a pure function from a subgraph to a string.

``relationship_map_html(G)`` draws a ``networkx.Graph`` with vis-network (the
JavaScript that ships inside the pyvis package, inlined: no CDN, no file
written). Positions are computed here with a seeded spring layout and physics
is off, so the same graph always gives the same picture and a 500-node map is
drawn at once instead of wobbling into place.

Node attributes read (all optional except ``name``):

``name``        what the label says (written for the centre and the LABELLED most influential)
``label``       Contact / Organization / Issue (the shape: dot / square / diamond)
``kind``        elected_official, our_staff, city... (tooltip; colour_by="kind"; our staff are stars)
``stance``      support / oppose / neutral / mixed (colour_by="stance")
``coalition``   a community number (colour_by="coalition")
``influence``   a number, bigger is more influential (size_by="influence")
``lines``       extra tooltip lines (evidence)
``x``, ``y``    a precomputed position (otherwise the layout is computed)

Edge attributes: ``kind`` (KNOWS, MEMBER_OF...), ``weight`` (0..1, the width), ``note``.
``G.graph["centre"]`` marks the node the map is about.

Safety: names are user data. They go into the page only inside one JSON blob in
which ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes, the canvas
draws labels as text, and tooltips are built with ``textContent``: no name is
ever parsed as HTML.

>>> import networkx as nx
>>> G = nx.Graph(centre="a")
>>> G.add_node("a", name="<script>alert(1)</script>", label="Contact", stance="support")
>>> G.add_node("b", name="Bo", label="Organization")
>>> G.add_edge("a", "b", kind="MEMBER_OF")
>>> page = relationship_map_html(G)
>>> "<script>alert" in page, "u003cscript" in page, "<script src" in page, "<link" in page
(False, True, False, False)
"""
from __future__ import annotations

import json
import math
import random
from functools import cache
from importlib import resources
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

STANCE_COLOURS = {"support": "#2e7d32", "oppose": "#c62828", "mixed": "#ef8f00", "neutral": "#607d8b"}
NO_STANCE = "#b0bec5"
COALITION_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                     "#17becf", "#bcbd22", "#7f7f7f")
SHAPES = {"Contact": "dot", "Organization": "square", "Issue": "diamond", "Jurisdiction": "triangle"}
STAFF_SHAPE = "star"  # our own staff stand out whatever the colour says
KIND_COLOURS = {"elected official": "#6a1b9a", "our staff": "#f9a825", "organization": "#8d6e63",
                "other person": "#1f77b4"}
LABELLED = 25  # names written on the map: the centre and the most influential; every node has its tooltip
EDGE_COLOURS = {"KNOWS": "#90a4ae", "OWNS": "#5c6bc0", "TIED_TO": "#8d6e63", "conflict": "#c62828",
                "litigation": "#c62828"}
COLOUR_BY = ("stance", "coalition", "kind")
SIZE_BY = ("influence", "degree", "none")
MIN_SIZE, MAX_SIZE = 8, 38


def prune(G: nx.Graph, max_nodes: int, *, by: str = "influence") -> tuple[nx.Graph, int]:
    """Keep the ``max_nodes`` most important nodes (the centre always); returns (graph, how many dropped).

    >>> G = nx.star_graph(5); nx.set_node_attributes(G, {0: 1.0}, "influence")
    >>> H, dropped = prune(G, 3)
    >>> sorted(H), dropped
    ([0, 1, 2], 3)
    """
    if max_nodes <= 0 or len(G) <= max_nodes:
        return G, 0
    centre = G.graph.get("centre")
    score = _scores(G, by)
    ranked = sorted(G, key=lambda n: (n != centre, -score.get(n, 0.0), str(n)))
    keep = ranked[:max_nodes]
    H = G.subgraph(keep).copy()
    H.graph.update(G.graph)
    return H, len(G) - len(keep)


def layout(G: nx.Graph, *, seed: int = 7, scale: float = 1.0) -> dict[Any, tuple[float, float]]:
    """A stable force-directed layout (seeded Fruchterman-Reingold on igraph's C core), in canvas pixels.

    >>> pos = layout(nx.path_graph(3), seed=1)
    >>> pos == layout(nx.path_graph(3), seed=1), len(pos)
    (True, 3)
    """
    if len(G) == 0:
        return {}
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in G.edges()])
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)).tolist()
    state = random.getstate()
    random.seed(seed)  # igraph draws from Python's random module
    try:
        coords = np.array(g.layout_fruchterman_reingold(seed=start, niter=400, grid="nogrid").coords)
    finally:
        random.setstate(state)
    coords -= coords.mean(axis=0)
    spread = np.abs(coords).max() or 1.0
    span = (300 + 45 * math.sqrt(len(G))) * scale
    coords = coords / spread * span
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, coords)}


def relationship_map_html(subgraph: nx.Graph, *, colour_by: str = "stance", size_by: str = "influence",
                          max_nodes: int = 500, height: int = 640, seed: int = 7,
                          link: str | None = "profile?id={id}") -> str:
    """The map as one HTML document (JavaScript inline); ``link`` opens a node's page on click.

    ``link`` is a relative URL with ``{id}`` (url-encoded in the browser); ``None``
    turns clicking off. Beyond ``max_nodes`` only the most influential are drawn
    and a banner says how many were left out.
    """
    if colour_by not in COLOUR_BY:
        raise ValueError(f'colour_by "{colour_by}" is not one of {", ".join(COLOUR_BY)}')
    if size_by not in SIZE_BY:
        raise ValueError(f'size_by "{size_by}" is not one of {", ".join(SIZE_BY)}')
    G, dropped = prune(subgraph, max_nodes)
    pos = {n: (d["x"], d["y"]) for n, d in G.nodes(data=True) if "x" in d and "y" in d}
    if len(pos) < len(G):
        pos = layout(G, seed=seed)
    sizes = _sizes(G, size_by)
    centre = G.graph.get("centre")
    score = _scores(G, size_by if size_by != "none" else "influence")
    named = set(sorted(G, key=lambda n: (n != centre, -score.get(n, 0.0), str(n)))[:LABELLED])
    groups = coalition_names(G) if colour_by == "coalition" else {}
    nodes, legend = [], {}
    for n, d in G.nodes(data=True):
        colour, key = _colour(d, colour_by, groups)
        legend.setdefault(key, colour)
        x, y = pos[n]
        staff = d.get("kind") == "our_staff"
        nodes.append({
            "id": str(n), "label": _short(d.get("name") or str(n)) if n in named else "",
            "title": _tooltip(n, d, groups), "shape": STAFF_SHAPE if staff else SHAPES.get(d.get("label"), "dot"),
            "color": colour, "size": sizes[n], "x": round(x, 1), "y": round(y, 1),
            "borderWidth": 4 if n == centre else (3 if staff else 1),
            "link": d.get("label") in ("Contact", "Organization"),
        })
    if colour_by == "coalition":  # biggest coalitions first, the rest together at the end
        legend = dict(sorted(legend.items(), key=lambda kv: (kv[0] == OTHER_COALITIONS, kv[0] == "no coalition")))
    edges = []
    for a, b, d in G.edges(data=True):
        kind = str(d.get("kind") or "")
        w = d.get("weight")
        w = 0.5 if w is None or (isinstance(w, float) and math.isnan(w)) else float(w)
        edges.append({"from": str(a), "to": str(b), "width": round(0.5 + 3 * min(max(w, 0), 1), 2),
                      "color": EDGE_COLOURS.get(kind, "#cfd8dc"),
                      "title": kind.replace("_", " ").lower() + (f": {d['note']}" if d.get("note") else "")})
    banner = ""
    if dropped:
        banner = (f"Showing the {len(G):,} most influential of {len(G) + dropped:,} people and organizations; "
                  "narrow the filters to see the rest.")
    data = {"nodes": nodes, "edges": edges, "legend": [[k, c] for k, c in legend.items()], "banner": banner,
            "link": link, "shapes": {v: k for k, v in SHAPES.items()}}
    return _TEMPLATE.replace("__HEIGHT__", str(int(height))).replace("__VIS__", _vis_js()).replace(
        "__DATA__", _json_for_script(data))


def _scores(G: nx.Graph, by: str) -> dict:
    if by == "degree":
        return {n: float(v) for n, v in G.degree()}
    vals = nx.get_node_attributes(G, "influence")
    if not vals:
        return {n: float(v) for n, v in G.degree()}
    return {n: float(vals.get(n) or 0.0) for n in G}


def _sizes(G: nx.Graph, size_by: str) -> dict:
    if size_by == "none" or len(G) == 0:
        return {n: 14 for n in G}
    score = _scores(G, size_by)
    top = max(score.values()) or 1.0
    biggest = MAX_SIZE if len(G) >= 20 else 22  # a handful of nodes need no giant dots
    return {n: round(MIN_SIZE + (biggest - MIN_SIZE) * math.sqrt(max(score[n], 0) / top), 1) for n in G}


OTHER_COALITIONS = "smaller coalitions"


def coalition_names(G: nx.Graph) -> dict[int, tuple[str, str]]:
    """Each coalition's legend entry and colour: the biggest get a colour each, named after their most
    influential member ("around Ana Ruiz"); the rest share grey, so no two entries look alike.

    >>> G = nx.Graph(); G.add_nodes_from([("a", {"name": "Ana", "coalition": 0, "influence": .5}),
    ...                                   ("b", {"name": "Bo", "coalition": 0, "influence": .2})])
    >>> coalition_names(G)
    {0: ('around Ana (2)', '#1f77b4')}
    """
    members: dict[int, list] = {}
    for n, d in G.nodes(data=True):
        if d.get("coalition") is not None:
            members.setdefault(int(d["coalition"]), []).append(d)
    ranked = sorted(members, key=lambda c: (-len(members[c]), c))
    out = {}
    for i, c in enumerate(ranked):
        if i < len(COALITION_COLOURS) - 1:
            top = max(members[c], key=lambda d: (d.get("influence") or 0.0, str(d.get("name"))))
            out[c] = (f"around {_short(str(top.get('name') or '?'), 24)} ({len(members[c])})", COALITION_COLOURS[i])
        else:
            out[c] = (OTHER_COALITIONS, COALITION_COLOURS[-1])
    return out


def kind_of(d: dict) -> str:
    """elected official, our staff, organization or other person: what "colour by kind" tells apart."""
    if d.get("label") == "Organization":
        return "organization"
    return {"elected_official": "elected official", "our_staff": "our staff"}.get(d.get("kind"), "other person")


def _colour(d: dict, colour_by: str, groups: dict | None = None) -> tuple[str, str]:
    if d.get("label") == "Issue":
        return "#6a1b9a", "issue"
    if colour_by == "stance":
        stance = d.get("stance")
        return (STANCE_COLOURS[stance], stance) if stance in STANCE_COLOURS else (NO_STANCE, "no stated stance")
    if colour_by == "coalition":
        c = d.get("coalition")
        if c is None or int(c) not in (groups or {}):
            return NO_STANCE, "no coalition"
        name, colour = groups[int(c)]
        return colour, name
    kind = kind_of(d)
    return KIND_COLOURS[kind], kind


def _short(text: str, n: int = 32) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _tooltip(n: Any, d: dict, groups: dict | None = None) -> str:
    lines = [str(d.get("name") or n)]
    facts = [str(d[k]).replace("_", " ") for k in ("kind", "title") if d.get(k)]
    if facts:
        lines.append(", ".join(facts))
    if d.get("stance"):
        lines.append(f"stance: {d['stance']}")
    if d.get("coalition") is not None and int(d["coalition"]) in (groups or {}):
        lines.append(f"coalition {groups[int(d['coalition'])][0]}")
    lines += [str(x) for x in (d.get("lines") or [])][:6]
    return "\n".join(lines)


def _json_for_script(value: Any) -> str:
    """JSON that cannot end the <script> element it sits in, nor open a comment or a tag."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def _vis_js() -> str:
    """vis-network 9.1.2 as shipped inside pyvis (Apache-2.0 / MIT), read once."""
    js = resources.files("pyvis").joinpath("templates/lib/vis-9.1.2/vis-network.min.js").read_text("utf-8")
    return js.replace("</script", "<\\/script")


_TEMPLATE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<style>
 body { margin: 0; font-family: "Source Sans Pro", "DejaVu Sans", sans-serif; }
 #map { width: 100%; height: __HEIGHT__px; border: 1px solid #e0e0e0; border-radius: 6px; background: #fff; }
 #legend { font-size: 13px; color: #37474f; padding: 4px 2px; line-height: 1.7; }
 #legend span { margin-right: 14px; white-space: nowrap; }
 #legend i { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 4px;
             vertical-align: -1px; }
 #banner { font-size: 13px; background: #fff8e1; color: #6d4c00; padding: 4px 8px; border-radius: 4px; }
 #banner:empty { display: none; }
 .vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; white-space: pre-line;
                font-size: 13px; background: #fffde7; border: 1px solid #bdbdbd; border-radius: 4px;
                box-shadow: 2px 2px 6px rgba(0,0,0,.2); max-width: 360px; pointer-events: none; }
</style></head>
<body>
<div id="banner"></div>
<div id="legend"></div>
<div id="map"></div>
<script>__VIS__</script>
<script>
(function () {
  var data = __DATA__;
  document.getElementById("banner").textContent = data.banner;
  var legend = document.getElementById("legend");
  data.legend.forEach(function (item) {
    var span = document.createElement("span"), dot = document.createElement("i");
    dot.style.background = item[1];
    span.appendChild(dot);
    span.appendChild(document.createTextNode(item[0]));
    legend.appendChild(span);
  });
  ["Contact", "Staff", "Organization", "Issue"].forEach(function (label) {
    var span = document.createElement("span");
    span.textContent = {Contact: "\\u25CF person", Staff: "\\u2605 our staff", Organization: "\\u25A0 organization",
                        Issue: "\\u25C6 issue"}[label];
    legend.appendChild(span);
  });
  function tip(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div;
  }
  var nodes = data.nodes.map(function (n) {
    return {id: n.id, label: n.label, title: tip(n.title), shape: n.shape, size: n.size, x: n.x, y: n.y,
            borderWidth: n.borderWidth, color: {background: n.color, border: n.borderWidth > 1 ? "#212121" : n.color},
            font: {size: n.label ? 24 : 12, color: "#263238", strokeWidth: 4, strokeColor: "#ffffff"}, link: n.link};
  });
  var edges = data.edges.map(function (e) {
    return {from: e.from, to: e.to, width: e.width, color: {color: e.color, opacity: 0.7}, title: tip(e.title)};
  });
  var container = document.getElementById("map");
  var network = new vis.Network(container, {nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)}, {
    physics: false, layout: {improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 120, navigationButtons: false, keyboard: false},
    nodes: {scaling: {label: {enabled: false, drawThreshold: 3}}},
    edges: {smooth: false}
  });
  network.once("afterDrawing", function () { network.fit({animation: false}); });
  network.on("click", function (params) {
    if (!data.link || !params.nodes.length) { return; }
    var id = params.nodes[0];
    var node = nodes.find(function (n) { return n.id === id; });
    if (!node || !node.link) { return; }
    window.open(data.link.replace("{id}", encodeURIComponent(id)), "_blank", "noopener");
  });
})();
</script>
</body></html>
"""
