// title: Partners for an issue (the evidence)
// answers: people and organizations likely to work with us on an issue or any issue below it, one row per piece of evidence: stances, expertise or focus, membership of a body focused on it (their interactions about it: issue_engagement). Ids only: names and kinds come from subject_facts for the rows a caller shows (a busy issue has 50,000 rows of evidence at the benchmark scale)
// param issue (string): the issue's id (its sub-issues count too)
// param as_of (date): the date the answer is for (stances and memberships up to it)
// column subject_id: the person's or organization's id
// column subject_label: Contact or Organization
// column evidence: stance, expertise, membership or focus
// column issue_id: the issue the evidence is about
// column detail: the stance, the expertise level, the role on the body, or stated/derived for a focus
// column related_id: the body a person sits on (where a stance was stated: stance_sources)
// column related_name: that body's name, or the words a derived focus matched
// column date: when the stance was stated, or when the membership began
// column strength: a stance's strength (0 to 1), if recorded
// run: each branch (its five kinds of evidence side by side: on the benchmark region p95 146-154 -> 112-113 ms, 2 cores)
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub
MATCH (c:Contact)-[t:TAKES_POSITION]->(sub)
WHERE t.confidentiality IN $visible AND t.as_of <= $as_of AND c.confidentiality IN $visible
RETURN c.id AS subject_id, 'Contact' AS subject_label, 'stance' AS evidence, sub.id AS issue_id,
       t.stance AS detail, {{null_string}} AS related_id, {{null_string}} AS related_name, t.as_of AS date,
       t.strength AS strength
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub
MATCH (c:Contact)-[e:HAS_EXPERTISE]->(sub)
WHERE e.confidentiality IN $visible AND c.confidentiality IN $visible
RETURN c.id AS subject_id, 'Contact' AS subject_label, 'expertise' AS evidence, sub.id AS issue_id,
       e.level AS detail, {{null_string}} AS related_id, {{null_string}} AS related_name, {{null_date}} AS date,
       {{null_float}} AS strength
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub
MATCH (c:Contact)-[mm:MEMBER_OF|HOLDS_OFFICE]->(b:Organization)-[f:FOCUSES_ON]->(sub)
WHERE c.confidentiality IN $visible AND mm.confidentiality IN $visible AND b.confidentiality IN $visible
  AND f.confidentiality IN $visible AND coalesce(f.review, 'accepted') <> 'rejected'
  AND (mm.start_date IS NULL OR mm.start_date <= $as_of) AND (mm.end_date IS NULL OR mm.end_date > $as_of)
RETURN c.id AS subject_id, 'Contact' AS subject_label, 'membership' AS evidence, sub.id AS issue_id,
       coalesce(mm.role, 'member') AS detail, b.id AS related_id, b.name AS related_name, mm.start_date AS date,
       {{null_float}} AS strength
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub
MATCH (o:Organization)-[t:TAKES_POSITION]->(sub)
WHERE t.confidentiality IN $visible AND t.as_of <= $as_of AND o.confidentiality IN $visible
RETURN o.id AS subject_id, 'Organization' AS subject_label, 'stance' AS evidence, sub.id AS issue_id,
       t.stance AS detail, {{null_string}} AS related_id, {{null_string}} AS related_name, t.as_of AS date,
       t.strength AS strength
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub
MATCH (o:Organization)-[f:FOCUSES_ON]->(sub)
WHERE o.confidentiality IN $visible AND f.confidentiality IN $visible AND coalesce(f.review, 'accepted') <> 'rejected'
RETURN o.id AS subject_id, 'Organization' AS subject_label, 'focus' AS evidence, sub.id AS issue_id,
       CASE WHEN f.derived THEN 'derived' ELSE 'stated' END AS detail, {{null_string}} AS related_id,
       f.method AS related_name, {{null_date}} AS date, {{null_float}} AS strength
