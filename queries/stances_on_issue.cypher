// title: Stances on an issue
// answers: every dated stance (support, oppose, neutral, mixed) that people and organizations took on an issue or any issue below it (where each was stated: stance_sources, for the holders shown)
// param issue (string): the issue's id (its sub-issues count too)
// column holder_id: the person's or organization's id
// column holder_label: Contact or Organization
// column name: the holder's name
// column holder_kind: a person's kind or an organization's type
// column issue_id: the issue the stance is on
// column issue_name: its name
// column stance: support, oppose, neutral or mixed
// column strength: how strongly (0 to 1), if recorded
// column as_of: when the stance was stated
// column note: the note recorded with the stance
// run: each branch (people, then organizations, side by side: on the benchmark region p95 71-72 -> 61-67 ms alone, on Neo4j 244-246 -> 228-237)
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
MATCH (c:Contact)-[t:TAKES_POSITION]->(sub)
WHERE t.confidentiality IN vis AND c.confidentiality IN vis
RETURN c.id AS holder_id, 'Contact' AS holder_label, c.name AS name, c.kind AS holder_kind,
       sub.id AS issue_id, sub.name AS issue_name, t.stance AS stance, t.strength AS strength, t.as_of AS as_of,
       t.note AS note
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
MATCH (o:Organization)-[t:TAKES_POSITION]->(sub)
WHERE t.confidentiality IN vis AND o.confidentiality IN vis
RETURN o.id AS holder_id, 'Organization' AS holder_label, o.name AS name, o.type AS holder_kind,
       sub.id AS issue_id, sub.name AS issue_name, t.stance AS stance, t.strength AS strength, t.as_of AS as_of,
       t.note AS note
