// title: Elected officials with expertise in an issue
// answers: the elected officials of a jurisdiction and of every jurisdiction inside it, with each piece of evidence that they know an issue (or an issue below it): stated expertise, or membership of a body focused on it (stated or derived focus; rejected derived focus is ignored). One row 'official' per official in scope, so the caller knows how many were pared down.
// param issue (string): the issue's id (its sub-issues count too)
// param jurisdiction (string): the jurisdiction's id (its sub-jurisdictions count too)
// param as_of (date): memberships that hold on this date
// column contact_id: the official's id
// column name: the official's name
// column title: the official's title
// column jurisdiction_id: the official's jurisdiction
// column evidence: official (in scope, no evidence in itself), expertise or membership
// column issue_id: the issue the evidence is about
// column issue_name: its name
// column detail: the expertise level, or the role on the body
// column body_id: the body the official sits on
// column body_name: its name
// column derived: true if the body's focus was derived from its name (not stated)
// column method: for a derived focus, the words that matched
// column review: for a derived focus, pending, accepted or rejected
// run: each branch (the officials in scope, their expertise and their memberships side by side: on the benchmark region p95 170-183 -> 136-146 ms, 2 cores)
WITH $visible AS vis
MATCH pj = (sj:Jurisdiction)-{{jurisdiction_part_of_0_6}}->(j:Jurisdiction {id: $jurisdiction})
WHERE all(r IN {{rels:pj}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:pj}} WHERE n.confidentiality IN vis)
WITH DISTINCT sj, vis
MATCH (sj)<-[ij:IN_JURISDICTION]-(c:Contact)
WHERE ij.confidentiality IN vis
WITH c, vis
WHERE c.kind = 'elected_official' AND coalesce(c.status, 'active') = 'active' AND c.confidentiality IN vis
RETURN DISTINCT c.id AS contact_id, c.name AS name, c.title AS title, c.jurisdiction_id AS jurisdiction_id,
       'official' AS evidence, {{null_string}} AS issue_id, {{null_string}} AS issue_name, {{null_string}} AS detail,
       {{null_string}} AS body_id, {{null_string}} AS body_name, {{null_bool}} AS derived,
       {{null_string}} AS method, {{null_string}} AS review
UNION ALL
WITH $visible AS vis
MATCH pj = (sj:Jurisdiction)-{{jurisdiction_part_of_0_6}}->(j:Jurisdiction {id: $jurisdiction})
WHERE all(r IN {{rels:pj}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:pj}} WHERE n.confidentiality IN vis)
WITH vis, collect(DISTINCT sj.id) AS scope
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis, scope
MATCH (sub)<-[e:HAS_EXPERTISE]-(c:Contact)
WHERE e.confidentiality IN vis
WITH sub, c, e.level AS level, e.derived AS derived, e.method AS method, vis, scope
WHERE c.kind = 'elected_official' AND coalesce(c.status, 'active') = 'active' AND c.confidentiality IN vis
OPTIONAL MATCH (c)-[ij:IN_JURISDICTION]->(sj:Jurisdiction)
WHERE sj.id IN scope AND ij.confidentiality IN vis
WITH sub, c, level, derived, method, count(sj.id) AS in_scope
WHERE in_scope > 0
RETURN c.id AS contact_id, c.name AS name, c.title AS title, c.jurisdiction_id AS jurisdiction_id,
       'expertise' AS evidence, sub.id AS issue_id, sub.name AS issue_name, level AS detail,
       {{null_string}} AS body_id, {{null_string}} AS body_name, derived, method,
       {{null_string}} AS review
UNION ALL
WITH $visible AS vis
MATCH pj = (sj:Jurisdiction)-{{jurisdiction_part_of_0_6}}->(j:Jurisdiction {id: $jurisdiction})
WHERE all(r IN {{rels:pj}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:pj}} WHERE n.confidentiality IN vis)
WITH vis, collect(DISTINCT sj.id) AS scope
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis, scope
OPTIONAL MATCH (c:Contact)-[mm:MEMBER_OF|HOLDS_OFFICE]->(b:Organization)-[f:FOCUSES_ON]->(sub)
WHERE mm.confidentiality IN vis AND b.confidentiality IN vis AND f.confidentiality IN vis
  AND coalesce(f.review, 'accepted') <> 'rejected'
  AND (mm.start_date IS NULL OR mm.start_date <= $as_of) AND (mm.end_date IS NULL OR mm.end_date > $as_of)
WITH sub, c, coalesce(mm.role, 'member') AS role, b.id AS bid, b.name AS bname, coalesce(f.derived, false) AS derived,
     f.method AS method, f.review AS review, vis, scope
WHERE c.kind = 'elected_official' AND coalesce(c.status, 'active') = 'active' AND c.confidentiality IN vis
OPTIONAL MATCH (c)-[ij:IN_JURISDICTION]->(sj:Jurisdiction)
WHERE sj.id IN scope AND ij.confidentiality IN vis
WITH sub, c, role, bid, bname, derived, method, review, count(sj.id) AS in_scope
WHERE in_scope > 0
RETURN c.id AS contact_id, c.name AS name, c.title AS title, c.jurisdiction_id AS jurisdiction_id,
       'membership' AS evidence, sub.id AS issue_id, sub.name AS issue_name, role AS detail,
       bid AS body_id, bname AS body_name, derived, method, review
