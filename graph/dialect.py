"""Every difference between the two engines' Cypher, in one table.

Named queries are written once, in the subset both engines share. Where they
cannot be (variable-length paths, a few functions), the query text carries a
placeholder ``{{name}}`` and this table says what each engine writes there.
Placeholders are filled from this table only, never from user input.

Schema DDL is generated here from graph.model for both engines.
"""
from __future__ import annotations

import re

from graph import model as m
from graph.audit import FIELDS as AUDIT_FIELDS
from graph.model import AUDIT_LABEL, META_LABEL

LADYBUG = "ladybug"
NEO4J = "neo4j"

# placeholder -> {engine: text}
FRAGMENTS: dict[str, dict[str, str]] = {
    # variable-length KNOWS paths without repeating an edge (Ladybug repeats unless TRAIL)
    "knows_1_3": {LADYBUG: "[:KNOWS* TRAIL 1..3]", NEO4J: "[:KNOWS*1..3]"},
    "knows_or_owns_1_3": {LADYBUG: "[:KNOWS|OWNS* TRAIL 1..3]", NEO4J: "[:KNOWS|OWNS*1..3]"},
    # issue hierarchy: the issue itself and everything below it
    "part_of_0_5": {LADYBUG: "[:PART_OF* TRAIL 0..5]", NEO4J: "[:PART_OF*0..5]"},
    "part_of_0_8": {LADYBUG: "[:PART_OF* TRAIL 0..8]", NEO4J: "[:PART_OF*0..8]"},
    # {{label:n}} the label of node n as a string; {{type:r}} the type of relationship r
    "label": {LADYBUG: "label({arg})", NEO4J: "head(labels({arg}))"},
    "type": {LADYBUG: "label({arg})", NEO4J: "type({arg})"},
    # {{rels:p}} the relationships of path p
    "rels": {LADYBUG: "rels({arg})", NEO4J: "relationships({arg})"},
    # {{nodes:p}} the nodes of path p
    "nodes": {LADYBUG: "nodes({arg})", NEO4J: "nodes({arg})"},
    # typed NULLs for UNION ALL branches: Ladybug types a bare NULL as ANY and refuses to unify it
    "null_string": {LADYBUG: "CAST(NULL AS STRING)", NEO4J: "NULL"},
    "null_date": {LADYBUG: "CAST(NULL AS DATE)", NEO4J: "NULL"},
    "null_float": {LADYBUG: "CAST(NULL AS DOUBLE)", NEO4J: "NULL"},
    "null_int": {LADYBUG: "CAST(NULL AS INT64)", NEO4J: "NULL"},
    "null_bool": {LADYBUG: "CAST(NULL AS BOOLEAN)", NEO4J: "NULL"},
    # jurisdiction hierarchy: a jurisdiction and everything inside it (state > region > county > city > district)
    "jurisdiction_part_of_0_6": {LADYBUG: "[:PART_OF* TRAIL 0..6]", NEO4J: "[:PART_OF*0..6]"},
    # ENGAGED_ON's history text (graph/model.py): ISO dates or counts separated by HISTORY_SEPARATOR, ' '.
    # {{history_count:text,bound}} how many of the text's days are <= bound, an ISO date as text (0 for
    # NULL). Ladybug has no [x IN list WHERE ...] but list_filter; a $parameter inside its lambda
    # crashes the engine: bind it with WITH first and pass the variable. And filter the rows before it
    # with $visible itself, not a WITH variable holding it: after "WHERE e.confidentiality IN vis"
    # list_filter read other rows' lists (Ladybug 0.22, 55 of 165 answers wrong on the demo region)
    "history_count": {LADYBUG: "coalesce(size(list_filter(string_split({0}, ' '), item -> item <= {1})), 0)",
                      NEO4J: "coalesce(size([item IN split({0}, ' ') WHERE item <= {1}]), 0)"},
    # {{history_item:text,k}} / {{history_upto:text,k}} the k-th item, counted from 1, as text / as an
    # integer (NULL for k = 0). A day is 10 characters and one separator (ISO dates, fixed width), so
    # the k-th day is a substring: no list of every day is made. Ladybug evaluates both branches of a
    # CASE, so the index in the branch not taken must still be valid (its lists and split_part are
    # 1-based and refuse 0 there); Neo4j's substring and lists are 0-based
    "history_item": {LADYBUG: "CASE WHEN {1} > 0 THEN substring({0}, ({1} - 1) * 11 + 1, 10) END",
                     NEO4J: "CASE WHEN {1} > 0 THEN substring({0}, ({1} - 1) * 11, 10) END"},
    "history_upto": {LADYBUG: "CASE WHEN {1} > 0 THEN CAST(split_part({0}, ' ', CASE WHEN {1} > 0 THEN {1} ELSE 1 END) AS INT64) END",
                     NEO4J: "CASE WHEN {1} > 0 THEN toInteger(split({0}, ' ')[{1} - 1]) END"},
    # {{date_text:d}} a date as ISO text ('2025-03-01')
    "date_text": {LADYBUG: "CAST({arg} AS STRING)", NEO4J: "toString({arg})"},
}

# {{name}}, {{name:variable}} or {{name:a,b}}; the arguments are Cypher identifiers, $parameters or
# properties (e.days) written in the query file
_ARG = r"\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?"
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9_]+)(?::(" + _ARG + r"(?:\s*,\s*" + _ARG + r")*))?\s*\}\}")


def render(text: str, engine: str) -> str:
    """Fill the ``{{name}}`` / ``{{name:var}}`` placeholders of a query for ``engine``.

    >>> render("RETURN {{label:n}} AS kind", "neo4j")
    'RETURN head(labels(n)) AS kind'
    >>> render("MATCH (a)-{{knows_1_3}}-(b)", "ladybug")
    'MATCH (a)-[:KNOWS* TRAIL 1..3]-(b)'
    >>> render("RETURN {{history_count:e.days_public,asof}} AS k", "neo4j")
    "RETURN coalesce(size([item IN split(e.days_public, ' ') WHERE item <= asof]), 0) AS k"
    """

    def sub(match: re.Match[str]) -> str:
        name, arg = match.group(1), match.group(2)
        if name not in FRAGMENTS:
            raise KeyError(f"unknown dialect placeholder {{{{{name}}}}}; add it to graph/dialect.py")
        fragment = FRAGMENTS[name][engine]
        args = [a.strip() for a in arg.split(",")] if arg else []
        wanted = 1 if "{arg}" in fragment else len(set(re.findall(r"\{(\d)\}", fragment)))
        if len(args) != wanted:
            raise KeyError(f"dialect placeholder {{{{{name}}}}} used with the wrong arguments")
        if "{arg}" in fragment:
            return fragment.replace("{arg}", args[0])
        for i, value in enumerate(args):
            fragment = fragment.replace(f"{{{i}}}", value)
        return fragment

    return _PLACEHOLDER.sub(sub, text)


def placeholders(text: str) -> set[str]:
    return {name for name, _ in _PLACEHOLDER.findall(text)}


# ---------------------------------------------------------------------------
# Schema

# (label, property) added to the model after databases were made with it (see ladybug_schema)
ADDED_PROPS = (("Contact", "identifiers"),)
_LADYBUG_TYPES = {m.STRING: "STRING", m.INT: "INT64", m.FLOAT: "DOUBLE", m.BOOL: "BOOLEAN", m.DATE: "DATE"}
# the audit log's table (graph/audit.py): internal, not a model node type
_AUDIT_COLUMNS = ", ".join(f"{f} {'INT64' if f == 'seq' else 'STRING'}" for f in AUDIT_FIELDS)
# entity resolution's bookkeeping (ingest/resolve/merge.py, queue.py): internal like the audit log, all strings
# except the score; snapshot and evidence are JSON
MERGE_LABEL = "MergeRecord"
MERGE_FIELDS = ("id", "at", "user", "keep_id", "duplicate_id", "reason", "snapshot", "undone_at", "undone_by")
CANDIDATE_LABEL = "ResolutionCandidate"
CANDIDATE_FIELDS = ("id", "a_id", "b_id", "score", "evidence", "status", "found_at", "decided_by", "decided_at",
                    "merge_id")
_RESOLUTION_TABLES = {
    MERGE_LABEL: ", ".join(f"{f} STRING" for f in MERGE_FIELDS),
    CANDIDATE_LABEL: ", ".join(f"{f} {'DOUBLE' if f == 'score' else 'STRING'}" for f in CANDIDATE_FIELDS),
}


def ladybug_added_columns(existing: dict[str, set[str]]) -> list[str]:
    """ALTER statements for the model's properties that a table created by an older version lacks.

    ``existing``: table name -> the columns it has (tables not listed are left alone: just created).

    >>> ladybug_added_columns({"Interaction": {"id", "confidentiality", "source", "kind", "date", "subject",
    ...                                        "summary", "sentiment", "recorded_by"}})
    ['ALTER TABLE Interaction ADD time STRING']
    """
    out = []
    tables = [(n.label, n.all_props) for n in m.NODES] + [(r.type, r.all_props) for r in m.RELS]
    for name, props in tables:
        if name not in existing:
            continue
        out += [f"ALTER TABLE {name} ADD {p.name} {_LADYBUG_TYPES[p.type]}" for p in props if p.name not in existing[name]]
    return out


def ladybug_schema() -> list[str]:
    """CREATE NODE/REL TABLE statements: typed tables with a primary key (its uniqueness)."""
    out = []
    for node in m.NODES:
        cols = ", ".join(f"{p.name} {_LADYBUG_TYPES[p.type]}" for p in node.all_props)
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {node.label}({cols}, PRIMARY KEY(id))")
    for rel in m.RELS:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel.pairs)
        cols = "".join(f", {p.name} {_LADYBUG_TYPES[p.type]}" for p in rel.all_props)
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.type}({pairs}{cols})")
    # properties added after a release: a database made before gets the column on opening
    out += [f"ALTER TABLE {label} ADD IF NOT EXISTS {prop} {_LADYBUG_TYPES[m.NODE_BY_LABEL[label].prop(prop).type]}"
            for label, prop in ADDED_PROPS]
    out.append(f"CREATE NODE TABLE IF NOT EXISTS {META_LABEL}(key STRING, value STRING, PRIMARY KEY(key))")
    out.append(f"CREATE NODE TABLE IF NOT EXISTS {AUDIT_LABEL}({_AUDIT_COLUMNS}, PRIMARY KEY(id))")
    out += [f"CREATE NODE TABLE IF NOT EXISTS {label}({cols}, PRIMARY KEY(id))"
            for label, cols in _RESOLUTION_TABLES.items()]
    return out


def neo4j_schema() -> list[str]:
    """Uniqueness constraints on every node key, indexes for the lookups the queries use."""
    out = []
    for node in m.NODES:
        out.append(
            f"CREATE CONSTRAINT {node.label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{node.label}) REQUIRE n.id IS UNIQUE"
        )
        # confidentiality: every read filters by it, and a count of what the viewer may see
        # (overview_counts) reads the index instead of every node (586 -> 57 ms at medium size)
        for prop in (*node.indexes, "confidentiality"):
            out.append(
                f"CREATE INDEX {node.label.lower()}_{prop} IF NOT EXISTS FOR (n:{node.label}) ON (n.{prop})"
            )
    for rel in m.RELS:
        out.append(f"CREATE INDEX {rel.type.lower()}_id IF NOT EXISTS FOR ()-[r:{rel.type}]-() ON (r.id)")
    out.append(f"CREATE CONSTRAINT {META_LABEL.lower()}_key IF NOT EXISTS FOR (n:{META_LABEL}) REQUIRE n.key IS UNIQUE")
    out.append(f"CREATE CONSTRAINT auditentry_id IF NOT EXISTS FOR (n:{AUDIT_LABEL}) REQUIRE n.id IS UNIQUE")
    out.append(f"CREATE CONSTRAINT auditentry_seq IF NOT EXISTS FOR (n:{AUDIT_LABEL}) REQUIRE n.seq IS UNIQUE")
    out += [f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
            for label in _RESOLUTION_TABLES]
    return out


def neo4j_schema_name(statement: str) -> str:
    """The constraint or index name a :func:`neo4j_schema` statement creates.

    >>> neo4j_schema_name("CREATE INDEX contact_name IF NOT EXISTS FOR (n:Contact) ON (n.name)")
    'contact_name'
    """
    return statement.split()[2]


def neo4j_one_record(cypher: str, columns: list[str], dates=()) -> str:
    """A Neo4j read whose rows come back as one record of columns: column i is the list ``c<i>`` of
    every row's value, in the rows' order.

    The Python driver handles every record on its own (two socket reads and ~150 Python calls
    each): 10,000 rows cost more on the client than the query on the server. Collected, they are
    one message that the driver's Rust extension unpacks at once; ``CALL () {}`` keeps the rows'
    order. One list per column rather than one per row: the client then makes no list per row, and
    Python's collector has far fewer containers to walk (partners_for_issue's 48,443 rows: 339-355 ms
    of conversion as rows, 120 / 143 / 288 as columns). ``columns`` are the query's own column names (from
    its first run), backtick-escaped. ``dates``: columns that held dates; their dates come back as
    ISO text (the driver makes a Python object per date, ~8 µs each: 0.3 s for 37,607 of them).
    ``CALL () {}`` is the scoped subquery of Neo4j 5.23 on (the bare ``CALL {}`` is deprecated there
    and gone from Cypher 25); a server older than 5.23 refuses it and Neo4jStore.query reads the plain way.

    >>> print(neo4j_one_record("MATCH (i:Issue) RETURN i.id AS id ORDER BY id", ["id"]))
    CALL () {
    MATCH (i:Issue) RETURN i.id AS id ORDER BY id
    }
    WITH collect([`id`]) AS `rows`
    RETURN [r IN `rows` | r[0]] AS c0
    >>> print(neo4j_one_record("RETURN 1 AS n, date() AS d", ["n", "d"], ["d"]).splitlines()[-2])
    WITH collect([`n`, CASE WHEN `d` IS :: DATE THEN toString(`d`) ELSE `d` END]) AS `rows`
    """
    def item(c: str) -> str:
        name = "`" + c.replace("`", "``") + "`"
        return f"CASE WHEN {name} IS :: DATE THEN toString({name}) ELSE {name} END" if c in dates else name

    cols = ", ".join(item(c) for c in columns)
    each = ", ".join(f"[r IN `rows` | r[{i}]] AS c{i}" for i in range(len(columns)))
    return f"CALL () {{\n{cypher}\n}}\nWITH collect([{cols}]) AS `rows`\nRETURN {each}"


# ---------------------------------------------------------------------------
# Write statements, generated from the model (identifiers from the model only)


def _sets(var: str, props: list[str], nulls: frozenset[str]) -> str:
    # A column that is empty in every row of a batch is written as a literal NULL:
    # Ladybug would type the all-null column as STRING and refuse it for a DATE property.
    return ", ".join(f"{var}.{p} = NULL" if p in nulls else f"{var}.{p} = row.{p}" for p in props if p != "id")


def merge_nodes(label: str, props: list[str], nulls: frozenset[str] = frozenset()) -> str:
    """Idempotent upsert of a batch of nodes: ``$rows`` is a list of maps with ``id`` and ``props``."""
    node = m.NODE_BY_LABEL[label]
    known = {p.name for p in node.all_props}
    unknown = set(props) - known
    if unknown:
        raise KeyError(f"{label} has no properties {sorted(unknown)}")
    sets = _sets("n", props, nulls)
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}})" + (f" SET {sets}" if sets else "")


def merge_rels(rel_type: str, from_label: str, to_label: str, props: list[str],
               nulls: frozenset[str] = frozenset()) -> str:
    """Idempotent upsert of relationships keyed by their ``id`` between existing nodes."""
    rel = m.REL_BY_TYPE[rel_type]
    if (from_label, to_label) not in rel.pairs:
        raise KeyError(f"{rel_type} does not go from {from_label} to {to_label}")
    known = {p.name for p in rel.all_props}
    unknown = set(props) - known
    if unknown:
        raise KeyError(f"{rel_type} has no properties {sorted(unknown)}")
    sets = _sets("r", props, nulls)
    # two MATCH clauses, not one "(a ...), (b ...)": Ladybug plans the comma pattern as a hash join
    # over a scan of the whole second node table (1 M interactions: ~6 s per statement); separately
    # each endpoint is a primary-key lookup and MERGE then expands from the bound nodes (ms)
    return (
        f"UNWIND $rows AS row MATCH (a:{from_label} {{id: row.from_id}}) MATCH (b:{to_label} {{id: row.to_id}}) "
        f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b)" + (f" SET {sets}" if sets else "")
    )


def create_nodes(label: str, props: list[str]) -> str:
    """Neo4j's bulk path: CREATE a batch of nodes whose ids do not exist yet (the unique
    constraint still refuses a clash). Ladybug bulk-loads with COPY instead.

    >>> create_nodes("Issue", ["id", "name"])
    'UNWIND $rows AS row CREATE (n:Issue {id: row.id}) SET n.name = row.name'
    """
    node = m.NODE_BY_LABEL[label]
    unknown = set(props) - {p.name for p in node.all_props}
    if unknown:
        raise KeyError(f"{label} has no properties {sorted(unknown)}")
    sets = _sets("n", props, frozenset())
    return f"UNWIND $rows AS row CREATE (n:{label} {{id: row.id}})" + (f" SET {sets}" if sets else "")


def create_rels(rel_type: str, from_label: str, to_label: str, props: list[str],
                nulls: frozenset[str] = frozenset()) -> str:
    """Neo4j's bulk path for relationships whose ids do not exist yet, between existing nodes.

    >>> create_rels("ABOUT", "Interaction", "Issue", ["id", "source"])
    'UNWIND $rows AS row MATCH (a:Interaction {id: row.from_id}) MATCH (b:Issue {id: row.to_id}) CREATE (a)-[r:ABOUT {id: row.id}]->(b) SET r.source = row.source'
    """
    rel = m.REL_BY_TYPE[rel_type]
    if (from_label, to_label) not in rel.pairs:
        raise KeyError(f"{rel_type} does not go from {from_label} to {to_label}")
    unknown = set(props) - {p.name for p in rel.all_props}
    if unknown:
        raise KeyError(f"{rel_type} has no properties {sorted(unknown)}")
    sets = _sets("r", props, nulls)  # every property but the id, which goes in the pattern
    key = " {id: row.id}" if "id" in props else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{from_label} {{id: row.from_id}}) MATCH (b:{to_label} {{id: row.to_id}}) "
        f"CREATE (a)-[r:{rel_type}{key}]->(b)" + (f" SET {sets}" if sets else "")
    )


def delete_rels(rel_type: str) -> str:
    m.REL_BY_TYPE[rel_type]
    return f"UNWIND $ids AS rid MATCH ()-[r:{rel_type}]->() WHERE r.id = rid DELETE r"


def delete_nodes(label: str) -> str:
    m.NODE_BY_LABEL[label]
    return f"UNWIND $ids AS nid MATCH (n:{label}) WHERE n.id = nid DETACH DELETE n"


# ---------------------------------------------------------------------------
# Audit log (graph/audit.py)


def insert_audit() -> str:
    """Append audit rows (``$rows``: maps with every audit field). Only ever CREATE."""
    props = ", ".join(f"{f}: row.{f}" for f in AUDIT_FIELDS)
    return f"UNWIND $rows AS row CREATE (a:{AUDIT_LABEL} {{{props}}})"


def node_values(label: str, props: list[str]) -> str:
    """Read ``props`` of the nodes with ids ``$ids`` (the values before an audited write)."""
    node = m.NODE_BY_LABEL[label]
    known = [p.name for p in node.all_props if p.name in props and p.name != "id"]
    ret = "".join(f", n.{p} AS {p}" for p in known)
    return f"UNWIND $ids AS k MATCH (n:{label} {{id: k}}) RETURN n.id AS id{ret}"


def rel_values(rel_type: str, props: list[str]) -> str:
    rel = m.REL_BY_TYPE[rel_type]
    known = [p.name for p in rel.all_props if p.name in props and p.name != "id"]
    ret = "".join(f", r.{p} AS {p}" for p in known)
    return f"MATCH ()-[r:{rel_type}]->() WHERE r.id IN $ids RETURN r.id AS id{ret}"
