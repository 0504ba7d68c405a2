"""Partners for an issue: who is likely to work with us on it, ranked, with the evidence.

Scoring (documented in docs/queries.md, applied to the rows of partners_for_issue and issue_engagement).
``score`` is the sum of these parts, each said in ``because`` ("score 9.41 = stance +2.40,
engagement +3.01, ...") and given in ``parts``:

==========================  =================================================
part (evidence)             points
==========================  =================================================
stance: latest support      3 x strength (strength 1 when not recorded)
stance: latest mixed        0.5
stance: latest neutral      0
expertise (a person)        2 (expert 2.5)
focus (an organization)     2 stated, 1.5 derived
membership of a body        2, +1 for a chair or vice chair
engagement: interactions    log2(1 + n) x (0.5 + 0.5 x 0.5 ^ (years since the latest)):
                            1 for one interaction today, +1 per doubling, no cap
staff: ties to our staff    2 x (1 - 0.5 ^ ties): 1, 1.5, 1.75... (below 2)
==========================  =================================================

Engagement and staff ties have diminishing returns instead of caps, so two candidates with
different evidence never tie because both hit a cap.

People and organizations whose latest stance is *oppose* are not partners:
they are left out here and listed by ``opponents``. Our own staff and our own
organization are left out too.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries import lookup
from queries.common import affiliations, issue_name, iso, stance_sources, today, years_before

if TYPE_CHECKING:
    import pandas as pd

NOT_PRIVATE = ("public", "nonprofit", "media")
WEIGHTS = {"support": 3.0, "mixed": 0.5, "neutral": 0.0, "expertise": 2.0, "expert": 2.5, "focus": 2.0,
           "focus_derived": 1.5, "membership": 2.0, "chair": 1.0, "interaction": 1.0, "staff_cap": 2.0}
PARTS = ("stance", "engagement", "expertise", "focus", "membership", "staff")  # the order the score says them
PART_OF = {"stance": "stance", "interactions": "engagement", "expertise": "expertise", "focus": "focus",
           "membership": "membership"}
ENGAGEMENT_HALF_LIFE = 365.0  # days: an issue's latest interaction a year ago counts 3/4
EVIDENCE = ("stance", "interactions", "expertise", "membership", "focus")  # the order `because` says them
CHAIRS = ("chair", "vice chair", "vice-chair", "co-chair")
CHUNK = 1000  # subjects whose affiliations and staff ties are read at a time


def find_partners(store: Store, viewer: Viewer, issue: str, *, sector: str | None = None,
                  org_type: str | None = None, jurisdiction: str | None = None, as_of: dt.date | None = None,
                  since: dt.date | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
    """People and organizations likely to work with us on ``issue``, best first, each with ``because``.

    ``sector`` / ``org_type`` filter organizations by their own sector and type and
    people by their current employer's or body's ("private" also matches an industry:
    construction, energy...); ``jurisdiction`` keeps those in it or in any jurisdiction inside it.
    Example: private-sector partners for workforce development:
    ``find_partners(store, viewer, "i-workforce", sector="private")``.
    """
    import numpy as np

    as_of = as_of or today()
    since = since or years_before(as_of, 2)
    issue_name(store, viewer, issue)
    evidence = partner_evidence(store, viewer, issue, since=since, as_of=as_of)
    scope = None
    if jurisdiction:
        scope = {r["jurisdiction_id"] for r in queries.run(store, "jurisdiction_scope", viewer,
                                                            jurisdiction=jurisdiction)}
    # Rank by the evidence first (vectorised: a busy issue has 100,000 rows of it); then read names,
    # affiliations and staff ties (at most WEIGHTS['staff_cap'] more points) in chunks, best first,
    # and stop once nobody left could reach the last place: only the first ``limit`` are wanted.
    bounds = (evidence_scores(evidence, as_of=as_of) + WEIGHTS["staff_cap"]).round(3)
    # ties in the bound need no order: every candidate that could still tie the last place is read
    order = list(bounds.iloc[np.argsort(-bounds.to_numpy(), kind="stable")].items())
    names = {i["id"]: i["name"] for i in lookup.issues(store, viewer)}
    out: list[dict[str, Any]] = []
    for start in range(0, len(order), CHUNK):
        if limit and len(out) >= limit:
            out.sort(key=lambda r: (-r["score"], r["name"] or "", r["id"]))
            if order[start][1] < out[limit - 1]["score"]:
                break
        chunk = [sid for sid, _ in order[start:start + CHUNK]]
        facts = {f["subject_id"]: f for f in queries.run(store, "subject_facts", viewer, subjects=chunk)}
        people = [sid for sid in chunk if facts.get(sid, {}).get("subject_label") == "Contact"]
        affs = affiliations(store, viewer, people, as_of)
        rows: dict[str, list[dict]] = {}
        for r in queries.records(evidence[evidence["subject_id"].isin(chunk)]):
            rows.setdefault(r["subject_id"], []).append({**r, "issue_name": names.get(r["issue_id"], r["issue_id"])})
        for found in rows.values():  # the engine's UNION ALL keeps no order: say the evidence in a fixed one
            found.sort(key=lambda r: (EVIDENCE.index(r["evidence"]), iso(r["date"]), r["issue_id"],
                                      r["related_id"] or ""))
        ties: dict[str, list[dict]] = {}
        if people:
            for t in queries.run(store, "staff_ties", viewer, contacts=people, as_of=as_of):
                ties.setdefault(t["contact_id"], []).append(t)
        for sid in chunk:
            f = facts.get(sid)
            if f is None or f["subject_kind"] in ("our_staff", "our_organization"):
                continue
            s = {"id": sid, "label": f["subject_label"], "name": f["name"], "kind": f["subject_kind"],
                 "sector": f["sector"], "jurisdiction_id": f["jurisdiction_id"], "rows": rows[sid]}
            orgs = affs.get(sid, []) if s["label"] == "Contact" else [
                {"org_type": s["kind"], "sector": s["sector"], "jurisdiction_id": s["jurisdiction_id"]}]
            if sector and not any(_sector_matches(o.get("sector"), sector) for o in orgs):
                continue
            if org_type and not any(o.get("org_type") == org_type for o in orgs):
                continue
            if scope is not None and s["jurisdiction_id"] not in scope and not any(
                    o.get("jurisdiction_id") in scope for o in orgs):
                continue
            scored = _score(s, ties.get(sid, []), as_of)
            if scored is None:
                continue
            scored["organizations"] = sorted({o["organization"] for o in affs.get(sid, [])})
            out.append(scored)
    out.sort(key=lambda r: (-r["score"], r["name"] or "", r["id"]))
    out = out[:limit] if limit else out
    _stance_channels(store, viewer, issue, out)
    return out


def partner_evidence(store: Store, viewer: Viewer, issue: str, *, since: dt.date, as_of: dt.date) -> pd.DataFrame:
    """Every row of evidence on ``issue`` as one DataFrame: partners_for_issue's, plus interaction rows.

    The interactions come from the counts kept at import (issue_engagement), or, when some
    were recorded after ``as_of``, as they stood on it (engagement_as_of: the counts kept for each day).
    """
    import numpy as np
    import pandas as pd

    frame = queries.run_df(store, "partners_for_issue", viewer, issue=issue, as_of=as_of)
    latest = latest_interaction(store)
    if latest is None or latest <= as_of:
        engaged = queries.run_df(store, "issue_engagement", viewer, issue=issue, since=since)
    else:
        engaged = queries.run_df(store, "engagement_as_of", viewer, issue=issue, since=since, as_of=as_of)
    frame["n"] = 1
    if engaged.empty:
        return frame
    engaged = engaged.assign(evidence="interactions").reindex(columns=frame.columns)
    engaged = engaged.astype({c: frame[c].dtype for c in ("detail", "related_id", "related_name", "strength")})
    if all(engaged[c].dtype == frame[c].dtype for c in frame.columns):
        # column by column: pd.concat tests each value of an all-empty text column (three of them
        # here) in Python, 0.1 s for transportation's 94,000 rows of interactions
        return pd.DataFrame({c: np.concatenate([frame[c].to_numpy(), engaged[c].to_numpy()]) for c in frame.columns})
    return pd.concat([frame, engaged], ignore_index=True)


def engagement(n, latest, as_of: dt.date):
    """Points for ``n`` interactions on the issue, the latest on ``latest``: log2(1 + n), fading to half with age.

    >>> d = dt.date(2026, 1, 1)
    >>> engagement(1, d, d), engagement(3, d, d), round(engagement(3, dt.date(2025, 1, 1), d), 3)
    (1.0, 2.0, 1.5)
    """
    import numpy as np

    age = (np.datetime64(as_of, "D") - np.asarray(latest, dtype="datetime64[D]")).astype(float)
    fade = 0.5 + 0.5 * 0.5 ** (np.clip(np.nan_to_num(age, nan=0.0), 0, None) / ENGAGEMENT_HALF_LIFE)
    out = WEIGHTS["interaction"] * np.log2(1 + np.asarray(n, dtype=float)) * fade
    return out if np.ndim(out) else float(out)


def staff_points(ties: int) -> float:
    """2 x (1 - 0.5 ^ ties): more ties to our staff always add, never up to 2."""
    return WEIGHTS["staff_cap"] * (1 - 0.5 ** ties)


def evidence_scores(evidence: pd.DataFrame, *, as_of: dt.date | None = None) -> pd.Series:
    """Each subject's score before staff ties (see the table above), by subject id; opponents left out.

    Vectorised over integer codes (a busy issue has 100,000 rows of evidence): the same
    numbers as :func:`_score` gives one subject at a time.
    """
    import numpy as np
    import pandas as pd

    if evidence.empty:
        return pd.Series(dtype=float)
    as_of = as_of or today()
    subject, subjects = pd.factorize(evidence["subject_id"])
    kind, kinds = pd.factorize(evidence["evidence"])
    detail, details = pd.factorize(evidence["detail"].fillna("").str.lower())
    codes = {k: i for i, k in enumerate(kinds)}

    def is_kind(k: str) -> np.ndarray:
        return kind == codes.get(k, -1)

    def is_detail(*ds: str) -> np.ndarray:
        return np.isin(detail, [i for i, d in enumerate(details) if d in ds])

    points = np.select(
        [is_kind("interactions"), is_kind("expertise") & is_detail("expert"), is_kind("expertise"),
         is_kind("focus") & is_detail("derived"), is_kind("focus"),
         is_kind("membership") & is_detail(*CHAIRS), is_kind("membership")],
        [engagement(evidence["n"].to_numpy(float), evidence["date"].to_numpy("datetime64[D]"), as_of),
         WEIGHTS["expert"], WEIGHTS["expertise"], WEIGHTS["focus_derived"], WEIGHTS["focus"],
         WEIGHTS["membership"] + WEIGHTS["chair"], WEIGHTS["membership"]], 0.0)
    score = np.bincount(subject, weights=points, minlength=len(subjects))
    # the latest stance of each subject: by date, then issue id (as _latest_stance)
    rows = np.flatnonzero(is_kind("stance"))
    issue_rank = pd.factorize(evidence["issue_id"], sort=True)[0]
    day = evidence["date"].to_numpy("datetime64[D]").astype("int64")
    rows = rows[np.lexsort((issue_rank[rows], day[rows], subject[rows]))]
    latest = rows[np.r_[subject[rows][1:] != subject[rows][:-1], True]] if len(rows) else rows
    stance = evidence["detail"].to_numpy(object)[latest]
    strength = np.nan_to_num(evidence["strength"].to_numpy(float)[latest], nan=1.0)
    score[subject[latest]] += np.select([stance == "support", stance == "mixed"],
                                        [WEIGHTS["support"] * strength, WEIGHTS["mixed"]], WEIGHTS["neutral"])
    keep = np.ones(len(subjects), bool)
    keep[subject[latest[stance == "oppose"]]] = False
    return pd.Series(score[keep], index=subjects[keep])


def latest_interaction(store: Store) -> dt.date | None:
    """The date of the latest interaction recorded (any clearance: it only picks how counts are read)."""
    rows = store.query("MATCH (x:Interaction) RETURN max(x.date) AS d")
    return rows[0]["d"] if rows else None


def _stance_channels(store: Store, viewer: Viewer, issue: str, rows: list[dict[str, Any]]) -> None:
    """Say where each shown latest stance was stated (looked up for the shown rows only)."""
    stated = [r for r in rows if r.get("_stance")]
    sources = stance_sources(store, viewer, issue, [r["id"] for r in stated]) if stated else {}
    for r in rows:
        latest = r.pop("_stance", None)
        if latest is None:
            continue
        src = sources.get((r["id"], latest["issue_id"], latest["date"], latest["detail"]))
        r["because"][0] = _stance_text(latest, src["source_kind"] if src else None)


def _latest_stance(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    stances = [r for r in rows if r["evidence"] == "stance"]
    return sorted(stances, key=lambda r: (iso(r["date"]), r["issue_id"]))[-1] if stances else None


def _points(r: dict[str, Any], as_of: dt.date) -> float:
    """What one row of evidence other than a stance adds to the score."""
    if r["evidence"] == "interactions":
        return engagement(r["n"], r["date"], as_of)
    if r["evidence"] == "expertise":
        return WEIGHTS["expert"] if (r["detail"] or "") == "expert" else WEIGHTS["expertise"]
    if r["evidence"] == "focus":
        return WEIGHTS["focus_derived"] if r["detail"] == "derived" else WEIGHTS["focus"]
    if r["evidence"] == "membership":
        chair = (r["detail"] or "").lower() in CHAIRS
        return WEIGHTS["membership"] + (WEIGHTS["chair"] if chair else 0)
    return 0.0


def _stance_points(latest: dict[str, Any]) -> float:
    weight = WEIGHTS.get(latest["detail"], 0.0)
    if latest["detail"] == "support":
        weight *= latest["strength"] if latest["strength"] is not None else 1.0
    return weight


def _score(s: dict[str, Any], staff: list[dict], as_of: dt.date) -> dict[str, Any] | None:
    parts = dict.fromkeys(PARTS, 0.0)
    because = []
    latest = _latest_stance(s["rows"])
    if latest is not None:
        if latest["detail"] == "oppose":
            return None
        parts["stance"] += _stance_points(latest)
        because.append(_stance_text(latest, None))
    for r in s["rows"]:
        if r["evidence"] in PART_OF and r["evidence"] != "stance":
            parts[PART_OF[r["evidence"]]] += _points(r, as_of)
        if r["evidence"] == "interactions":
            plural = "s" if r["n"] != 1 else ""
            because.append(f"{r['n']} interaction{plural} on {r['issue_name'].lower()}, latest {iso(r['date'])}")
        elif r["evidence"] == "expertise":
            because.append(f"expertise in {r['issue_name'].lower()}" + (f" ({r['detail']})" if r["detail"] else ""))
        elif r["evidence"] == "focus":
            how = f" (derived: {r['related_name']})" if r["detail"] == "derived" else ""
            because.append(f"focuses on {r['issue_name'].lower()}{how}")
        elif r["evidence"] == "membership":
            verb = "chairs" if (r["detail"] or "").lower() == "chair" else f"{r['detail']} of"
            because.append(f"{verb} {r['related_name']} (focuses on {r['issue_name'].lower()})")
    names = sorted({t["staff_name"] for t in staff})
    if names:
        parts["staff"] = staff_points(len(names))
        because.append("known to our staff: " + ", ".join(names))
    score = round(sum(parts.values()), 3)
    if score <= 0:
        return None
    shown = {k: round(v, 2) for k, v in parts.items() if v}
    because.append(f"score {score:.2f} = " + ", ".join(f"{k} +{v:.2f}" for k, v in shown.items()))
    return {"id": s["id"], "label": s["label"], "name": s["name"], "kind": s["kind"], "sector": s["sector"],
            "jurisdiction_id": s["jurisdiction_id"], "score": score, "parts": shown,
            "latest_stance": latest["detail"] if latest else None, "because": because, "_stance": latest}


def _stance_text(latest: dict[str, Any], channel: str | None) -> str:
    where = f"{channel}, " if channel else ""
    return f"{_stance_verb(latest['detail'])} {latest['issue_name'].lower()} ({where}{iso(latest['date'])})"


def _sector_matches(have: str | None, wanted: str) -> bool:
    """"private" also matches a free-text industry (construction, energy...), as the model allows."""
    have, wanted = (have or "").lower(), wanted.lower()
    if have == wanted:
        return True
    return wanted == "private" and have not in ("", *NOT_PRIVATE)


def _stance_verb(stance: str) -> str:
    return {"support": "supports", "oppose": "opposes", "neutral": "neutral on", "mixed": "mixed on"}.get(stance, stance)
