// title: Engagement on an issue as it stood on a past date
// answers: people's and organizations' interactions about an issue or any issue below it recorded up to a date, with how many and the latest, from the history kept on ENGAGED_ON (per level, as text, the days with interactions and the running count on each: ingest/engagement_history.py); issue_engagement answers the same for today
// param issue (string): the issue's id (its sub-issues count too)
// param since (date): only those whose latest interaction on it up to as_of is on or after this date
// param as_of (date): the date: interactions after it are not counted
// param limit (int, optional): at most this many people and at most this many organizations, the most engaged first (n, then the latest, then the id); without it, everyone (queries.engaged.most_engaged merges the two)
// column subject_id: the person's or organization's id
// column subject_label: Contact or Organization
// column issue_id: the issue asked for
// column date: the latest interaction on it up to as_of
// column n: how many interactions on it up to as_of the viewer may see, each counted once
// run: each branch (people, then organizations: on the benchmark region p95 249 -> 223 ms against one statement)
WITH {{date_text:$as_of}} AS asof, {{date_text:$since}} AS since
MATCH (c:Contact)-[e:ENGAGED_ON]->(top:Issue {id: $issue})
WHERE top.confidentiality IN $visible AND c.confidentiality IN $visible AND e.confidentiality IN $visible
WITH c.id AS id, top.id AS issue_id, since, e, {{history_count:e.days_public,asof}} AS k0,
     CASE WHEN 'internal' IN $visible THEN {{history_count:e.days_internal,asof}} ELSE 0 END AS k1,
     CASE WHEN 'confidential' IN $visible THEN {{history_count:e.days_confidential,asof}} ELSE 0 END AS k2
WITH id, issue_id, since, coalesce({{history_upto:e.upto_public,k0}}, 0) + coalesce({{history_upto:e.upto_internal,k1}}, 0)
       + coalesce({{history_upto:e.upto_confidential,k2}}, 0) AS n,
     {{history_item:e.days_public,k0}} AS d0, {{history_item:e.days_internal,k1}} AS d1, {{history_item:e.days_confidential,k2}} AS d2
WITH id, issue_id, since, n, CASE WHEN d1 IS NULL OR (d0 IS NOT NULL AND d0 > d1) THEN d0 ELSE d1 END AS d01, d2
WITH id, issue_id, since, n, CASE WHEN d2 IS NULL OR (d01 IS NOT NULL AND d01 > d2) THEN d01 ELSE d2 END AS last
WHERE n > 0 AND last >= since
RETURN id AS subject_id, 'Contact' AS subject_label, issue_id, date(last) AS date, n
ORDER BY n DESC, date DESC, subject_id
LIMIT $limit
UNION ALL
WITH {{date_text:$as_of}} AS asof, {{date_text:$since}} AS since
MATCH (o:Organization)-[e:ENGAGED_ON]->(top:Issue {id: $issue})
WHERE top.confidentiality IN $visible AND o.confidentiality IN $visible AND e.confidentiality IN $visible
WITH o.id AS id, top.id AS issue_id, since, e, {{history_count:e.days_public,asof}} AS k0,
     CASE WHEN 'internal' IN $visible THEN {{history_count:e.days_internal,asof}} ELSE 0 END AS k1,
     CASE WHEN 'confidential' IN $visible THEN {{history_count:e.days_confidential,asof}} ELSE 0 END AS k2
WITH id, issue_id, since, coalesce({{history_upto:e.upto_public,k0}}, 0) + coalesce({{history_upto:e.upto_internal,k1}}, 0)
       + coalesce({{history_upto:e.upto_confidential,k2}}, 0) AS n,
     {{history_item:e.days_public,k0}} AS d0, {{history_item:e.days_internal,k1}} AS d1, {{history_item:e.days_confidential,k2}} AS d2
WITH id, issue_id, since, n, CASE WHEN d1 IS NULL OR (d0 IS NOT NULL AND d0 > d1) THEN d0 ELSE d1 END AS d01, d2
WITH id, issue_id, since, n, CASE WHEN d2 IS NULL OR (d01 IS NOT NULL AND d01 > d2) THEN d01 ELSE d2 END AS last
WHERE n > 0 AND last >= since
RETURN id AS subject_id, 'Organization' AS subject_label, issue_id, date(last) AS date, n
ORDER BY n DESC, date DESC, subject_id
LIMIT $limit
