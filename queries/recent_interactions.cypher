// title: Recent interactions
// answers: the latest interactions on or after a date, newest first, with who took part
// param since (date, literal): the earliest date to show
// param limit (int): how many interactions at most
// column id: the interaction's id
// column date: when it happened
// column kind: meeting, call, letter, email, event, notice, testimony, article
// column subject: its subject line
// column sentiment: positive, neutral or negative, if recorded
// column participants: the names of the people who took part (that the viewer may see)
MATCH (x:Interaction)
WHERE x.date >= $since AND x.confidentiality IN $visible
WITH x ORDER BY x.date DESC, x.id LIMIT $limit
OPTIONAL MATCH (c:Contact)-[p:PARTICIPATED_IN]->(x)
WHERE c.confidentiality IN $visible AND p.confidentiality IN $visible
WITH x, collect(c.name) AS participants
RETURN x.id AS id, x.date AS date, x.kind AS kind, x.subject AS subject, x.sentiment AS sentiment, participants
ORDER BY date DESC, id
