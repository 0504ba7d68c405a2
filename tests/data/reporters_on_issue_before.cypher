// title: Reporters on an issue
// answers: reporters whose beat covers an issue (or an issue below it), and reporters who wrote about it since a date (articles they took part in)
// param issue (string): the issue's id (its sub-issues count too)
// param since (date): articles on or after this date
// column contact_id: the reporter's id
// column name: the reporter's name
// column evidence: beat (covers the issue) or articles
// column issue_id: the issue of the beat, or the issue asked for
// column issue_name: its name
// column since: for a beat, since when
// column n: how many articles (0 for a beat)
// column last_date: the latest article's date
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
MATCH (c:Contact)-[cv:COVERS]->(sub)
WHERE c.confidentiality IN vis AND cv.confidentiality IN vis
RETURN c.id AS contact_id, c.name AS name, 'beat' AS evidence, sub.id AS issue_id, sub.name AS issue_name,
       cv.since AS since, 0 AS n, {{null_date}} AS last_date
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH vis, collect(DISTINCT sub.id) AS subs
MATCH (x:Interaction)
WHERE x.kind = 'article' AND x.date >= $since AND x.confidentiality IN vis
OPTIONAL MATCH (x)-[a:ABOUT]->(s:Issue)
WHERE s.id IN subs AND a.confidentiality IN vis
WITH x, count(s.id) AS on_issue, vis
WHERE on_issue > 0
OPTIONAL MATCH (c:Contact)-[pi:PARTICIPATED_IN]->(x)
WHERE c.kind = 'reporter' AND c.confidentiality IN vis AND pi.confidentiality IN vis
WITH c.id AS cid, c.name AS cname, count(DISTINCT x.id) AS n, max(x.date) AS last
WHERE cid IS NOT NULL
MATCH (top:Issue {id: $issue})
RETURN cid AS contact_id, cname AS name, 'articles' AS evidence, top.id AS issue_id, top.name AS issue_name,
       {{null_date}} AS since, n, last AS last_date
