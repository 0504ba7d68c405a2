"""Every read of contacts and interactions filters by the viewer's clearance.

Named queries (queries/*.cypher) get ``$visible`` from ``queries.run`` (tests/test_queries.py);
inline reads, in queries/ and ingest/ alike, go through the one helper ``graph.reads.read`` /
``read_df`` (``queries.common.read`` is it), which supplies it: no caller passes it by hand. This test reads
every Cypher text written in queries/ and ingest/ (string literals and f-strings containing MATCH)
and, for each one that matches a Contact or Interaction node (or a label pasted in from the model),
checks that each such node is filtered (``x.confidentiality IN $visible`` or ``IN vis``), unless it
is listed below as a system query with the reason it may see every record.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A node pattern on one of the labels the viewer filter guards, or on a label pasted in ({...}).
NODE = re.compile(r"\((\w*):(Contact|Interaction|\{[^}]*\})")

# System queries: (file, a piece of the text that picks it out) -> why it may see every record.
SYSTEM = {
    ("queries/partners.py", "MATCH (x:Interaction) RETURN max(x.date)"):
        "picks how counts are read (the latest day on record), returns no record",
    ("ingest/samples/__init__.py", "WHERE x.source = $source RETURN max(x.date)"):
        "is the demo region stale? a store-wide check before loading it",
    ("ingest/backup.py", "MATCH (v:{META_LABEL}"): "the store's bookkeeping node, not a contact",
    ("ingest/engagement.py", "OPTIONAL MATCH"): "derives engagement rollups for every record (a write, all levels)",
    ("ingest/engagement.py", "CREATE (s)"): "writes the engagement rollups",
    ("ingest/engagement.py", "UNWIND $ids AS sid MATCH (s:{label} {id: sid})"):
        "picks the records whose old rollups are deleted (a write)",
    ("ingest/engagement.py", "MATCH (s:{label})"): "picks the records whose old rollups are deleted (a write)",
    ("ingest/engagement.py", "RETURN count(e) AS n"): "counts the rollups written (the import's report)",
    ("ingest/engagement_history.py", "UNWIND $ids AS wanted MATCH (s:{label} {id: wanted})"):
        "derives the dated engagement history of the given records: reads every level, keeps each count's level",
    ("ingest/engagement_history.py", "MATCH (v:{m.META_LABEL}"):
        "the store's bookkeeping nodes (history version, pending history marks), not a contact",
    ("ingest/engagement_history.py", "UNWIND $rows AS row MATCH (s:{label} {id: row.from_id})"):
        "sets the engagement history lists of the given records (a write)",
    ("ingest/engagement_bulk.py", "RETURN s.id AS sid, x.id AS xid"):
        "derives engagement rollups in bulk: reads every level, keeps each count's level (a write)",
    ("ingest/engagement_bulk.py", "RETURN x.id AS xid, i.id AS sub"):
        "derives engagement rollups in bulk: reads every level, keeps each count's level (a write)",
    ("ingest/identities.py", "c.identifiers IS NOT NULL"):
        "import: finds the stored record with the same identifier, whatever its level (no duplicates)",
    ("ingest/identities.py", "WHERE c.id IN $ids RETURN c.id AS id"):
        "import: fills a matched record's empty values from the stored one",
    ("ingest/interactions.py", "-[:ABOUT]->(i:Issue)"): "import: existing links of an interaction (no duplicates)",
    ("ingest/interactions.py", "-[:PARTICIPATED_IN]->(x:Interaction {id: $id})"):
        "import: existing participants of an interaction (no duplicates)",
    ("ingest/interactions.py", "-[:INVOLVES]->(o:Organization)"):
        "import: existing organizations of an interaction (no duplicates)",
    ("ingest/mail/load.py", "WHERE r.derived IS NULL"): "mail import: links already stated (existence check)",
    ("ingest/mail/load.py", "SET r.derived = true"): "mail import: a write",
    ("ingest/offices.py", "c.status = 'left_office'"): "import: offices of records the import itself names",
    ("ingest/import_writes.py", "]->(b:{b_label}) RETURN r.id AS id{ret}"):
        "import: existing relationships (existence check, every level)",
    ("ingest/import_writes.py", "]->(b:{target}) RETURN r.id AS id"):
        "import: existing relationships (existence check, every level)",
    ("ingest/import_references.py", "WHERE n.parent_id IS NOT NULL"): "import: checks the hierarchy for cycles (every level)",
    ("ingest/import_writes.py", "RETURN count(n) AS n"): "import: counts the records for its report",
    ("ingest/resolve/merge.py", "MATCH (c:Contact {id: $id}) RETURN {props}"):
        "merge: the records named by an allowed merge, read whole to be undone",
    ("ingest/resolve/merge.py", "MATCH (n:{dialect.MERGE_LABEL}"): "the merge log (audit)",
    ("ingest/resolve/merge.py", "MATCH (c:Contact {id: $id}) RETURN c.id AS id"):
        "merge: does the record still exist (both ids were checked against the viewer first)",
    ("ingest/resolve/merge.py", "WHERE x.recorded_by = $id"): "merge: moves the duplicate's interactions (a write)",
    ("ingest/resolve/merge.py", "SET i.recorded_by"): "merge / undo: a write",
    ("ingest/resolve/merge.py", "WHERE r.id IN $ids RETURN r.id"): "merge undo: relationships the merge moved",
    ("ingest/resolve/queue.py", "MATCH (n:{_LABEL}"): "the review queue's own nodes (filtered by the caller)",
    ("ingest/resolve/queue.py", "SET c.notes = NULL"): "a write",
}


def cypher_texts() -> list[tuple[str, int, str]]:
    """``(file, line, text)`` of every string in queries/ and ingest/ containing MATCH; an
    f-string's fields read ``{expression}``."""
    out = []
    for path in sorted([*ROOT.glob("queries/**/*.py"), *ROOT.glob("ingest/**/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside_fstring = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inside_fstring:
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                               for v in node.values)
            else:
                continue
            if "MATCH" in text:
                out.append((path.relative_to(ROOT).as_posix(), node.lineno, text))
    return out


def unfiltered(text: str) -> list[str]:
    """The guarded nodes of ``text`` not filtered by the viewer (an anonymous one counts)."""
    missing = []
    for var, label in NODE.findall(text):
        ok = re.search(rf"\b{var}\.confidentiality IN (\$visible|vis)\b", text) if var else None
        if not ok:
            missing.append(f"({var}:{label})")
    return missing


def system_reason(path: str, text: str) -> str | None:
    return next((why for (file, piece), why in SYSTEM.items() if file == path and piece in text), None)


def test_the_scan_finds_the_reads():
    texts = cypher_texts()
    assert len(texts) > 40
    assert any(p == "queries/network_tables.py" and "(c:Contact)" in t for p, _, t in texts)
    assert unfiltered("MATCH (c:Contact) RETURN c.id") == ["(c:Contact)"]
    assert unfiltered("MATCH (c:Contact) WHERE c.confidentiality IN $visible RETURN c.id") == []
    assert unfiltered("MATCH (c:Contact)-[:KNOWS]-(d:Contact) WHERE c.confidentiality IN $visible") == ["(d:Contact)"]


def test_every_read_of_contacts_and_interactions_filters_by_the_viewer():
    problems = []
    for path, line, text in cypher_texts():
        missing = unfiltered(text)
        if missing and system_reason(path, text) is None:
            problems.append(f"{path}:{line}: {', '.join(missing)} not filtered by $visible: "
                            + " ".join(text.split())[:120])
    assert not problems, ("filter these reads by the viewer (graph.reads.read supplies $visible), or list "
                          "them in SYSTEM with the reason:\n" + "\n".join(problems))


def test_every_listed_system_query_still_exists():
    texts = cypher_texts()
    stale = [key for key in SYSTEM if not any(p == key[0] and key[1] in t for p, _, t in texts)]
    assert not stale


def test_queries_read_only_through_the_one_helper():
    """Outside the named-query runner and the helper itself, queries/ never calls the store's
    query methods directly."""
    direct = []
    for path in sorted(ROOT.glob("queries/**/*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bstore\.query(_df)?\(", line) and rel not in ("queries/__init__.py", "queries/common.py"):
                direct.append(f"{rel}:{n}")
    assert direct == ["queries/partners.py:" + str(_line_of("queries/partners.py", "max(x.date) AS d"))]


def _line_of(rel: str, piece: str) -> int:
    lines = (ROOT / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if piece in line)


def _visible_by_hand(path: Path) -> list[int]:
    """Lines that make a read's ``$visible`` themselves: a "visible" key or keyword argument, or the
    viewer's ``visible`` levels taken anywhere but in the helper."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and any(k.arg == "visible" for k in node.keywords):
            lines.add(node.lineno)
        elif isinstance(node, ast.Dict) and any(isinstance(k, ast.Constant) and k.value == "visible"
                                                for k in node.keys):
            lines.add(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == "visible":
            lines.add(node.lineno)
    return sorted(lines)


def test_ingest_and_queries_read_through_the_one_helper():
    """Every inline read in ingest/ and queries/ gets the viewer's parameters from graph.reads (the
    helper queries.common.read is too): none builds $visible by hand."""
    import graph.reads
    import queries
    import queries.common

    by_hand = [f"{p.relative_to(ROOT).as_posix()}:{n}"
               for p in sorted([*ROOT.glob("queries/**/*.py"), *ROOT.glob("ingest/**/*.py")])
               for n in _visible_by_hand(p)]
    assert not by_hand, "read through graph.reads.read (it supplies $visible):\n" + "\n".join(by_hand)
    assert queries.SUPPLIED is graph.reads.SUPPLIED
    assert "reads.read(" in ast.unparse(ast.parse(ROOT.joinpath("queries/common.py").read_text()))


def test_the_by_hand_scan_finds_a_hand_made_visible(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('rows = store.query("MATCH (c:Contact) WHERE c.confidentiality IN $visible", '
                      '{"visible": viewer.visible})\nok = read(store, viewer, "MATCH (c:Contact)")\n'
                      'also = store.query("...", {"ids": ids}, visible=levels)\n'
                      'params = {"visible": levels}\nlevels = viewer.visible\n')
    assert _visible_by_hand(sample) == [1, 3, 4, 5]
