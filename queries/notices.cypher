// title: Notices due in a period
// answers: the notices whose deadline falls between two dates, with their body and how many copies went out (compliance per notice: notice_compliance)
// param since (date): the first deadline
// param until (date): the last deadline
// column notice_id: the notice's id
// column title: its title
// column body_id: the body whose members must receive it
// column body_name: its name
// column meeting_date: the meeting it announces
// column deadline: the date by which it had to be delivered
// column sent_date: the date it was sent (empty if not sent)
// column copies: how many deliveries the viewer may see
WITH $visible AS vis
MATCH (n:Notice)
WHERE n.deadline >= $since AND n.deadline <= $until AND n.confidentiality IN vis
OPTIONAL MATCH (n)-[d:DELIVERED]->(c:Contact)
WHERE d.confidentiality IN vis AND c.confidentiality IN vis
WITH n.id AS nid, count(d) AS copies, vis
MATCH (n:Notice {id: nid})
OPTIONAL MATCH (n)-[fb:FOR_BODY]->(b:Organization)
WHERE fb.confidentiality IN vis AND b.confidentiality IN vis
RETURN n.id AS notice_id, n.title AS title, b.id AS body_id, b.name AS body_name, n.meeting_date AS meeting_date,
       n.deadline AS deadline, n.sent_date AS sent_date, copies
ORDER BY deadline, notice_id
