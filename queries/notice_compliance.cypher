// title: Who had to get a notice, who got it, and when
// answers: for a notice, the people required to receive it when it was sent (the members and office holders of its body on the sent date, or on the deadline if it was not sent, plus the people it was addressed to) and every delivery, with its dates. One row 'notice' carries the notice itself.
// param notice (string): the notice's id
// column notice_id: the notice's id
// column title: its title
// column body_id: the body whose members must receive it
// column body_name: its name
// column deadline: the date by which it had to be delivered
// column sent_date: the date it was sent (empty if not sent)
// column source: notice (the notice itself), member (required: on the body), addressed (required: named in the audience) or delivery (a copy sent)
// column contact_id: the person's id
// column name: the person's name
// column status: the person's status today (active, deceased...)
// column status_date: when that status began
// column role: the role on the body (member rows)
// column channel: the delivery channel (delivery rows)
// column delivery_sent: when that copy was sent
// column delivered_date: when it was delivered
// column delivery_status: sent, delivered, bounced or failed
WITH $visible AS vis
MATCH (n:Notice {id: $notice})
WHERE n.confidentiality IN vis
OPTIONAL MATCH (n)-[fb:FOR_BODY]->(b:Organization)
WHERE fb.confidentiality IN vis AND b.confidentiality IN vis
RETURN n.id AS notice_id, n.title AS title, b.id AS body_id, b.name AS body_name, n.deadline AS deadline,
       n.sent_date AS sent_date, 'notice' AS source, {{null_string}} AS contact_id, {{null_string}} AS name,
       {{null_string}} AS status, {{null_date}} AS status_date, {{null_string}} AS role, {{null_string}} AS channel,
       {{null_date}} AS delivery_sent, {{null_date}} AS delivered_date, {{null_string}} AS delivery_status
UNION ALL
WITH $visible AS vis
MATCH (n:Notice {id: $notice})-[fb:FOR_BODY]->(b:Organization)<-[m:MEMBER_OF|HOLDS_OFFICE]-(c:Contact)
WHERE n.confidentiality IN vis AND fb.confidentiality IN vis AND b.confidentiality IN vis
  AND m.confidentiality IN vis AND c.confidentiality IN vis
  AND (m.start_date IS NULL OR m.start_date <= coalesce(n.sent_date, n.deadline))
  AND (m.end_date IS NULL OR m.end_date > coalesce(n.sent_date, n.deadline))
RETURN n.id AS notice_id, n.title AS title, b.id AS body_id, b.name AS body_name, n.deadline AS deadline,
       n.sent_date AS sent_date, 'member' AS source, c.id AS contact_id, c.name AS name,
       coalesce(c.status, 'active') AS status, c.status_date AS status_date, m.role AS role,
       {{null_string}} AS channel, {{null_date}} AS delivery_sent, {{null_date}} AS delivered_date,
       {{null_string}} AS delivery_status
UNION ALL
WITH $visible AS vis
MATCH (n:Notice {id: $notice})-[ad:ADDRESSED_TO]->(c:Contact)
WHERE n.confidentiality IN vis AND ad.confidentiality IN vis AND c.confidentiality IN vis
RETURN n.id AS notice_id, n.title AS title, n.body_id AS body_id, {{null_string}} AS body_name,
       n.deadline AS deadline, n.sent_date AS sent_date, 'addressed' AS source, c.id AS contact_id, c.name AS name,
       coalesce(c.status, 'active') AS status, c.status_date AS status_date, {{null_string}} AS role,
       {{null_string}} AS channel, {{null_date}} AS delivery_sent, {{null_date}} AS delivered_date,
       {{null_string}} AS delivery_status
UNION ALL
WITH $visible AS vis
MATCH (n:Notice {id: $notice})-[d:DELIVERED]->(c:Contact)
WHERE n.confidentiality IN vis AND d.confidentiality IN vis AND c.confidentiality IN vis
RETURN n.id AS notice_id, n.title AS title, n.body_id AS body_id, {{null_string}} AS body_name,
       n.deadline AS deadline, n.sent_date AS sent_date, 'delivery' AS source, c.id AS contact_id, c.name AS name,
       coalesce(c.status, 'active') AS status, c.status_date AS status_date, {{null_string}} AS role,
       d.channel AS channel, d.sent_date AS delivery_sent, d.delivered_date AS delivered_date,
       d.status AS delivery_status
