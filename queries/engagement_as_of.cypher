// title: Engagement on an issue as it stood on a past date
// answers: people's and organizations' interactions about an issue or any issue below it recorded up to a date, with how many and the latest, from the counts kept for each day (ENGAGED_AS_OF, ingest/engagement_history.py: one relationship per subject holds on any date); issue_engagement answers the same for today
// param issue (string): the issue's id (its sub-issues count too)
// param since (date): only those whose latest interaction on it up to as_of is on or after this date
// param as_of (date): the date: interactions after it are not counted
// param limit (int, optional): at most this many people and at most this many organizations, the most engaged first (n, then the latest, then the id); without it, everyone (queries.engaged.most_engaged merges the two)
// column subject_id: the person's or organization's id
// column subject_label: Contact or Organization
// column issue_id: the issue asked for
// column date: the latest interaction on it up to as_of
// column n: how many interactions on it up to as_of the viewer may see, each counted once
WITH $visible AS vis
MATCH (c:Contact)-[e:ENGAGED_AS_OF]->(top:Issue {id: $issue})
WHERE e.valid_from <= $as_of AND (e.valid_until IS NULL OR e.valid_until > $as_of)
  AND top.confidentiality IN vis AND c.confidentiality IN vis AND e.confidentiality IN vis
WITH c.id AS id, top.id AS issue_id,
     e.n_public + CASE WHEN 'internal' IN vis THEN e.n_internal ELSE 0 END
       + CASE WHEN 'confidential' IN vis THEN e.n_confidential ELSE 0 END AS n,
     e.last_public AS d0, CASE WHEN 'internal' IN vis THEN e.last_internal END AS d1,
     CASE WHEN 'confidential' IN vis THEN e.last_confidential END AS d2
WITH id, issue_id, n, CASE WHEN d1 IS NULL OR (d0 IS NOT NULL AND d0 > d1) THEN d0 ELSE d1 END AS d01, d2
WITH id, issue_id, n, CASE WHEN d2 IS NULL OR (d01 IS NOT NULL AND d01 > d2) THEN d01 ELSE d2 END AS last
WHERE n > 0 AND last >= $since
RETURN id AS subject_id, 'Contact' AS subject_label, issue_id, last AS date, n
ORDER BY n DESC, date DESC, subject_id
LIMIT $limit
UNION ALL
WITH $visible AS vis
MATCH (o:Organization)-[e:ENGAGED_AS_OF]->(top:Issue {id: $issue})
WHERE e.valid_from <= $as_of AND (e.valid_until IS NULL OR e.valid_until > $as_of)
  AND top.confidentiality IN vis AND o.confidentiality IN vis AND e.confidentiality IN vis
WITH o.id AS id, top.id AS issue_id,
     e.n_public + CASE WHEN 'internal' IN vis THEN e.n_internal ELSE 0 END
       + CASE WHEN 'confidential' IN vis THEN e.n_confidential ELSE 0 END AS n,
     e.last_public AS d0, CASE WHEN 'internal' IN vis THEN e.last_internal END AS d1,
     CASE WHEN 'confidential' IN vis THEN e.last_confidential END AS d2
WITH id, issue_id, n, CASE WHEN d1 IS NULL OR (d0 IS NOT NULL AND d0 > d1) THEN d0 ELSE d1 END AS d01, d2
WITH id, issue_id, n, CASE WHEN d2 IS NULL OR (d01 IS NOT NULL AND d01 > d2) THEN d01 ELSE d2 END AS last
WHERE n > 0 AND last >= $since
RETURN id AS subject_id, 'Organization' AS subject_label, issue_id, last AS date, n
ORDER BY n DESC, date DESC, subject_id
LIMIT $limit
