"""The 10 M-interaction projection (docs/scaling.md) from measured points: demo, medium, benchmark.

    python benchmarks/projection.py benchmarks/scaling_points.json [--to 10000000]

The points file holds, for each region size measured, the number of interactions and each
measure (seconds, MB, GiB, ms) as measured, with the load average it was measured under.
For each measure this fits a power law, y = a * n^b, through the points by least squares on
log y against log n (b = 1: linear in rows; b < 1: a fixed cost dominates at small sizes), and
prints the fitted exponent and the value at ``--to`` interactions. A projection, not a
measurement: it assumes the growth seen between the measured sizes continues. A measure with
fewer than two points is not projected.

    >>> b, y = power_fit([10, 100, 1000], [2.0, 20.0, 200.0], 10_000)
    >>> round(b, 3), round(y, 1)
    (1.0, 2000.0)
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path


def power_fit(ns: list[float], ys: list[float], to: float) -> tuple[float, float]:
    """The exponent b of y = a * n^b fitted on log-log, and the fitted y at ``to``."""
    xs = [math.log(n) for n in ns]
    ls = [math.log(y) for y in ys]
    mx, my = sum(xs) / len(xs), sum(ls) / len(ls)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ls)) / sum((x - mx) ** 2 for x in xs)
    return b, math.exp(my + b * (math.log(to) - mx))


def rows(points: dict, to: float) -> list[tuple]:
    """(measure, unit, measured value per size..., exponent, projection) for each measure."""
    sizes = list(points["sizes"])
    out = []
    for measure, unit in points["measures"].items():
        have = [(points["sizes"][s]["interactions"], points["sizes"][s][measure]) for s in sizes
                if points["sizes"][s].get(measure) is not None]
        values = [points["sizes"][s].get(measure) for s in sizes]
        if len(have) >= 2 and all(y > 0 for _, y in have):
            b, y = power_fit([n for n, _ in have], [y for _, y in have], to)
            out.append((measure, unit, values, b, y))
        else:
            out.append((measure, unit, values, None, None))
    return out


def _fmt(v) -> str:
    if v is None:
        return "-"
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}" if v >= 10 else f"{v:,.2f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("points", type=Path)
    ap.add_argument("--to", type=float, default=10_000_000, help="interactions to project to")
    a = ap.parse_args(argv)
    points = json.loads(a.points.read_text(encoding="utf-8"))
    sizes = list(points["sizes"])
    head = [f"{s} ({points['sizes'][s]['interactions']:,})" for s in sizes]
    print("| measure | " + " | ".join(head) + f" | fitted b (y ∝ n^b) | projected at {a.to:,.0f} |")
    print("|---|" + "---|" * len(sizes) + "---|---|")
    for measure, unit, values, b, y in rows(points, a.to):
        cells = " | ".join(_fmt(v) for v in values)
        fit = "-" if b is None else f"{b:.2f}"
        print(f"| {measure} ({unit}) | {cells} | {fit} | {'not projected' if y is None else _fmt(y)} |")
    print("\nload average (1 min) at each measurement: "
          + ", ".join(f"{s} {points['sizes'][s].get('load', '?')}" for s in sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
