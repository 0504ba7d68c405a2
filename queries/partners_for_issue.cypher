// title: Partners for an issue (the evidence)
// answers: people and organizations likely to work with us on an issue or any issue below it, one row per piece of evidence: stances, interactions about it, expertise or focus, membership of a body focused on it
// param issue (string): the issue's id (its sub-issues count too)
// param since (date): interaction evidence only for those whose latest interaction on it is on or after this date
// param as_of (date): the date the answer is for (stances and memberships up to it)
// column subject_id: the person's or organization's id
// column subject_label: Contact or Organization
// column name: the person's or organization's name
// column subject_kind: a person's kind (elected_official, business...) or an organization's type (company, utility...)
// column sector: an organization's sector (empty for people)
// column jurisdiction_id: the jurisdiction the person or organization belongs to
// column evidence: stance, interactions, expertise, membership or focus
// column issue_id: the issue the evidence is about (for interactions: the issue asked for)
// column issue_name: its name
// column detail: the stance, the expertise level, the role on the body, or stated/derived for a focus
// column related_id: the body a person sits on (where a stance was stated: stance_sources)
// column related_name: that body's name, or the words a derived focus matched
// column date: when the stance was stated, or the latest interaction
// column n: how many interactions on it the viewer may see, all recorded ones, each counted once (1 for other evidence)
// column strength: a stance's strength (0 to 1), if recorded
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
OPTIONAL MATCH (c:Contact)-[t:TAKES_POSITION]->(sub)
WHERE t.confidentiality IN vis AND t.as_of <= $as_of
WITH sub, c, t, vis
WHERE c.confidentiality IN vis
RETURN c.id AS subject_id, 'Contact' AS subject_label, c.name AS name, c.kind AS subject_kind,
       {{null_string}} AS sector, c.jurisdiction_id AS jurisdiction_id, 'stance' AS evidence,
       sub.id AS issue_id, sub.name AS issue_name, t.stance AS detail, {{null_string}} AS related_id,
       {{null_string}} AS related_name, t.as_of AS date, 1 AS n, t.strength AS strength
UNION ALL
WITH $visible AS vis
MATCH (c:Contact)-[e:ENGAGED_ON]->(top:Issue {id: $issue})
WHERE top.confidentiality IN vis AND c.confidentiality IN vis AND e.confidentiality IN vis
WITH c, top,
     e.n_public + CASE WHEN 'internal' IN vis THEN e.n_internal ELSE 0 END
       + CASE WHEN 'confidential' IN vis THEN e.n_confidential ELSE 0 END AS n,
     e.last_public AS d0, CASE WHEN 'internal' IN vis THEN e.last_internal END AS d1,
     CASE WHEN 'confidential' IN vis THEN e.last_confidential END AS d2
WITH c, top, n, CASE WHEN d1 IS NULL OR (d0 IS NOT NULL AND d0 > d1) THEN d0 ELSE d1 END AS d01, d2
WITH c, top, n, CASE WHEN d2 IS NULL OR (d01 IS NOT NULL AND d01 > d2) THEN d01 ELSE d2 END AS last
WHERE n > 0 AND last >= $since
RETURN c.id AS subject_id, 'Contact' AS subject_label, c.name AS name, c.kind AS subject_kind,
       {{null_string}} AS sector, c.jurisdiction_id AS jurisdiction_id, 'interactions' AS evidence,
       top.id AS issue_id, top.name AS issue_name, {{null_string}} AS detail, {{null_string}} AS related_id,
       {{null_string}} AS related_name, last AS date, n, {{null_float}} AS strength
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
OPTIONAL MATCH (c:Contact)-[e:HAS_EXPERTISE]->(sub)
WHERE e.confidentiality IN vis
WITH sub, c, e, vis
WHERE c.confidentiality IN vis
RETURN c.id AS subject_id, 'Contact' AS subject_label, c.name AS name, c.kind AS subject_kind,
       {{null_string}} AS sector, c.jurisdiction_id AS jurisdiction_id, 'expertise' AS evidence,
       sub.id AS issue_id, sub.name AS issue_name, e.level AS detail, {{null_string}} AS related_id,
       {{null_string}} AS related_name, {{null_date}} AS date, 1 AS n, {{null_float}} AS strength
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
MATCH (c:Contact)-[mm:MEMBER_OF|HOLDS_OFFICE]->(b:Organization)-[f:FOCUSES_ON]->(sub)
WHERE c.confidentiality IN vis AND mm.confidentiality IN vis AND b.confidentiality IN vis
  AND f.confidentiality IN vis AND coalesce(f.review, 'accepted') <> 'rejected'
  AND (mm.start_date IS NULL OR mm.start_date <= $as_of) AND (mm.end_date IS NULL OR mm.end_date > $as_of)
RETURN c.id AS subject_id, 'Contact' AS subject_label, c.name AS name, c.kind AS subject_kind,
       {{null_string}} AS sector, c.jurisdiction_id AS jurisdiction_id, 'membership' AS evidence,
       sub.id AS issue_id, sub.name AS issue_name, coalesce(mm.role, 'member') AS detail, b.id AS related_id,
       b.name AS related_name, mm.start_date AS date, 1 AS n, {{null_float}} AS strength
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
OPTIONAL MATCH (o:Organization)-[t:TAKES_POSITION]->(sub)
WHERE t.confidentiality IN vis AND t.as_of <= $as_of
WITH sub, o, t, vis
WHERE o.confidentiality IN vis
RETURN o.id AS subject_id, 'Organization' AS subject_label, o.name AS name, o.type AS subject_kind,
       o.sector AS sector, o.jurisdiction_id AS jurisdiction_id, 'stance' AS evidence,
       sub.id AS issue_id, sub.name AS issue_name, t.stance AS detail, {{null_string}} AS related_id,
       {{null_string}} AS related_name, t.as_of AS date, 1 AS n, t.strength AS strength
UNION ALL
WITH $visible AS vis
MATCH (o:Organization)-[e:ENGAGED_ON]->(top:Issue {id: $issue})
WHERE top.confidentiality IN vis AND o.confidentiality IN vis AND e.confidentiality IN vis
WITH o, top,
     e.n_public + CASE WHEN 'internal' IN vis THEN e.n_internal ELSE 0 END
       + CASE WHEN 'confidential' IN vis THEN e.n_confidential ELSE 0 END AS n,
     e.last_public AS d0, CASE WHEN 'internal' IN vis THEN e.last_internal END AS d1,
     CASE WHEN 'confidential' IN vis THEN e.last_confidential END AS d2
WITH o, top, n, CASE WHEN d1 IS NULL OR (d0 IS NOT NULL AND d0 > d1) THEN d0 ELSE d1 END AS d01, d2
WITH o, top, n, CASE WHEN d2 IS NULL OR (d01 IS NOT NULL AND d01 > d2) THEN d01 ELSE d2 END AS last
WHERE n > 0 AND last >= $since
RETURN o.id AS subject_id, 'Organization' AS subject_label, o.name AS name, o.type AS subject_kind,
       o.sector AS sector, o.jurisdiction_id AS jurisdiction_id, 'interactions' AS evidence,
       top.id AS issue_id, top.name AS issue_name, {{null_string}} AS detail, {{null_string}} AS related_id,
       {{null_string}} AS related_name, last AS date, n, {{null_float}} AS strength
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
MATCH (o:Organization)-[f:FOCUSES_ON]->(sub)
WHERE o.confidentiality IN vis AND f.confidentiality IN vis AND coalesce(f.review, 'accepted') <> 'rejected'
RETURN o.id AS subject_id, 'Organization' AS subject_label, o.name AS name, o.type AS subject_kind,
       o.sector AS sector, o.jurisdiction_id AS jurisdiction_id, 'focus' AS evidence,
       sub.id AS issue_id, sub.name AS issue_name,
       CASE WHEN f.derived THEN 'derived' ELSE 'stated' END AS detail, {{null_string}} AS related_id,
       f.method AS related_name, {{null_date}} AS date, 1 AS n, {{null_float}} AS strength
