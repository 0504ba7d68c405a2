// title: How far people reach
// answers: for each of a list of people, how many people they know and how many interactions they took part in since a date
// param contacts (list): the people's ids, comma-separated
// param since (date): count interactions on or after this date
// column contact_id: the person's id
// column ties: how many KNOWS ties the viewer may see
// column interactions: how many interactions since the date the viewer may see
WITH $visible AS vis
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[t:KNOWS]-(o:Contact)
WHERE t.confidentiality IN vis AND o.confidentiality IN vis
WITH c.id AS cid, count(DISTINCT o.id) AS ties, vis
MATCH (c:Contact {id: cid})
OPTIONAL MATCH (c)-[pi:PARTICIPATED_IN]->(x:Interaction)
WHERE x.date >= $since AND pi.confidentiality IN vis AND x.confidentiality IN vis
RETURN cid AS contact_id, ties, count(DISTINCT x.id) AS interactions
