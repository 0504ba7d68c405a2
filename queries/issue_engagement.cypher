// title: Engagement on an issue
// answers: the people and organizations who took part in interactions about an issue or any issue below it, with how many and the latest, from the counts kept at import (ENGAGED_ON); engagement_as_of answers the same for a past date
// param issue (string): the issue's id (its sub-issues count too)
// param since (date): only those whose latest interaction on it is on or after this date
// param limit (int, optional): at most this many people and at most this many organizations, the most engaged first (n, then the latest, then the id); without it, everyone (queries.engaged.most_engaged merges the two)
// column subject_id: the person's or organization's id
// column subject_label: Contact or Organization
// column issue_id: the issue asked for
// column date: the latest interaction on it
// column n: how many interactions on it the viewer may see, all recorded ones, each counted once
// run: each branch (people, then organizations; with the filters on $visible, p95 114 -> 82 ms on the benchmark region)
MATCH (c:Contact)-[e:ENGAGED_ON]->(top:Issue {id: $issue})
WHERE top.confidentiality IN $visible AND c.confidentiality IN $visible AND e.confidentiality IN $visible
WITH c.id AS id, top.id AS issue_id,
     e.n_public + CASE WHEN 'internal' IN $visible THEN e.n_internal ELSE 0 END
       + CASE WHEN 'confidential' IN $visible THEN e.n_confidential ELSE 0 END AS n,
     e.last_public AS d0, CASE WHEN 'internal' IN $visible THEN e.last_internal END AS d1,
     CASE WHEN 'confidential' IN $visible THEN e.last_confidential END AS d2
WITH id, issue_id, n, CASE WHEN d1 IS NULL OR (d0 IS NOT NULL AND d0 > d1) THEN d0 ELSE d1 END AS d01, d2
WITH id, issue_id, n, CASE WHEN d2 IS NULL OR (d01 IS NOT NULL AND d01 > d2) THEN d01 ELSE d2 END AS last
WHERE n > 0 AND last >= $since
RETURN id AS subject_id, 'Contact' AS subject_label, issue_id, last AS date, n
ORDER BY n DESC, date DESC, subject_id
LIMIT $limit
UNION ALL
MATCH (o:Organization)-[e:ENGAGED_ON]->(top:Issue {id: $issue})
WHERE top.confidentiality IN $visible AND o.confidentiality IN $visible AND e.confidentiality IN $visible
WITH o.id AS id, top.id AS issue_id,
     e.n_public + CASE WHEN 'internal' IN $visible THEN e.n_internal ELSE 0 END
       + CASE WHEN 'confidential' IN $visible THEN e.n_confidential ELSE 0 END AS n,
     e.last_public AS d0, CASE WHEN 'internal' IN $visible THEN e.last_internal END AS d1,
     CASE WHEN 'confidential' IN $visible THEN e.last_confidential END AS d2
WITH id, issue_id, n, CASE WHEN d1 IS NULL OR (d0 IS NOT NULL AND d0 > d1) THEN d0 ELSE d1 END AS d01, d2
WITH id, issue_id, n, CASE WHEN d2 IS NULL OR (d01 IS NOT NULL AND d01 > d2) THEN d01 ELSE d2 END AS last
WHERE n > 0 AND last >= $since
RETURN id AS subject_id, 'Organization' AS subject_label, issue_id, last AS date, n
ORDER BY n DESC, date DESC, subject_id
LIMIT $limit
