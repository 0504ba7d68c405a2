"""The final table of ``make benchmarks``: every speed goal, its measured value, the ratio, met or not.

    python benchmarks/summary.py benchmarks/out/goals.jsonl [--size benchmark]

Reads the JSON lines the bench_* scripts wrote through ``benchmarks/goals.py`` (one per goal
measured; the last one wins when a goal was measured twice) and prints them in the order of
issue 21, then the other issues' goals. A goal no script wrote is listed as "not measured",
never given a figure. Exit status 0 even when goals are missed: the table is the answer.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

# the goals in the order a reader expects them (issue 21, then the other speed issues)
EXPECTED = [
    "import time",
    "import / raw COPY",
    "import peak memory",
    "worst named-query p95",
    "analytics refresh (whole process)",
    "Louvain identical across processes",
    "resolve 100 k records",
    "mail import rate",
    "Neo4j import",
]
OPTIONAL = {"Neo4j import": "needs a server: make benchmarks NEO4J=bolt://127.0.0.1:7687"}


def read(path: Path) -> dict[str, dict]:
    """goal -> its last measured line."""
    out: dict[str, dict] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                out[g["goal"]] = g
    return out


def _value(v, unit: str, whole: bool = False) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        if whole and v == int(v):  # a goal: 30 s, 5,000 msg/s
            text = f"{int(v):,}"
        else:
            text = f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}" if abs(v) < 10 else f"{v:,.1f}"
        return f"{text} {unit}".strip()
    return str(v)


def table(goals: dict[str, dict]) -> list[str]:
    """The summary's lines: goal, measured, goal, ratio (measured / goal), met."""
    rows = [("goal", "measured", "target", "ratio", "met", "script / note")]
    names = EXPECTED + sorted(set(goals) - set(EXPECTED))
    for name in names:
        g = goals.get(name)
        if g is None:
            rows.append((name, "not measured", "", "", "-", OPTIONAL.get(name, "")))
            continue
        target = f"{g['direction']} {_value(g['limit'], g['unit'], whole=True)}"
        ratio = "" if g["ratio"] is None else f"{g['ratio']:.2f}×"
        note = " ".join(x for x in (g.get("script", ""), g.get("note", ""),
                                    f"(load {g['load']})" if "load" in g else "") if x)
        rows.append((name, _value(g["measured"], g["unit"]), target, ratio, "✓" if g["met"] else "✗", note))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return ["  ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "  " + r[5] for r in rows]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path, help="the JSON lines file (CIVICGRAPH_BENCH_SUMMARY)")
    ap.add_argument("--size", default="benchmark", help="the region the benchmarks ran on")
    a = ap.parse_args(argv)
    goals = read(a.path)
    print(f"\n== summary: speed goals ({a.size} size; ratio = measured / goal)")
    if a.size != "benchmark":
        print("   (a smoke run: the goals are for the benchmark size, 100 k contacts / 1 M interactions)")
    for line in table(goals):
        print("   " + line)
    measured = [g for g in goals.values()]
    print(f"   {sum(g['met'] for g in measured)} of {len(measured)} measured goals met; "
          f"{len([n for n in EXPECTED if n not in goals])} not measured")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
