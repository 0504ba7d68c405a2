// title: Engagement on an issue as it stood on a past date, counted from the interactions (the reference for tests/test_engagement_history.py: the named query before ENGAGED_AS_OF)
// answers: people's and organizations' interactions about an issue or any issue below it recorded up to a date, counted from the interactions themselves (partners_for_issue reads the counts kept for today, ENGAGED_ON; this is the slower question for a past date)
// param issue (string): the issue's id (its sub-issues count too)
// param since (date): only those whose latest interaction on it up to as_of is on or after this date
// param as_of (date): the date: interactions after it are not counted
// column subject_id: the person's or organization's id
// column subject_label: Contact or Organization
// column issue_id: the issue asked for
// column date: the latest interaction on it up to as_of
// column n: how many interactions on it up to as_of the viewer may see, each counted once
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, top, vis
MATCH (c:Contact)-[pi:PARTICIPATED_IN]->(x:Interaction)-[a:ABOUT]->(sub)
WHERE x.date <= $as_of AND c.confidentiality IN vis AND pi.confidentiality IN vis
  AND x.confidentiality IN vis AND a.confidentiality IN vis
WITH c.id AS id, top.id AS issue_id, count(DISTINCT x.id) AS n, max(x.date) AS last
WHERE last >= $since
RETURN id AS subject_id, 'Contact' AS subject_label, issue_id, last AS date, n
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, top, vis
MATCH (o:Organization)<-[iv:INVOLVES]-(x:Interaction)-[a:ABOUT]->(sub)
WHERE x.date <= $as_of AND o.confidentiality IN vis AND iv.confidentiality IN vis
  AND x.confidentiality IN vis AND a.confidentiality IN vis
WITH o.id AS id, top.id AS issue_id, count(DISTINCT x.id) AS n, max(x.date) AS last
WHERE last >= $since
RETURN id AS subject_id, 'Organization' AS subject_label, issue_id, last AS date, n
