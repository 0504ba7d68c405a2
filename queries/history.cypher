// title: The history of a person or an organization
// answers: the dated timeline of a person's or an organization's interactions, role changes, stances, ties, status changes and notices received, between two dates (institutional memory)
// param subject (string): the person's or organization's id
// param since (date): the first date
// param until (date): the last date
// column date: when it happened
// column event: interaction, role_start, role_end, stance, tie, status or notice
// column kind: the interaction's kind, the relationship (WORKS_AT, MEMBER_OF, HOLDS_OFFICE, KNOWS, OWNS, conflict...), the stance, the status, or the delivery channel
// column detail: the interaction's subject, the role, the issue's name, the tie's note (empty below the redaction policy's clearance), the notice's title
// column other_id: the interaction, organization, person, issue or notice on the other side
// column other_name: its name
// column role: the role in an interaction, the reason an office ended, the kind of interaction a stance was stated in, or the delivery status
// column time: the interaction's time of day (HH:MM), when known (mail, calendars)
MATCH (c:Contact {id: $subject})-[pi:PARTICIPATED_IN]->(x:Interaction)
WHERE x.date >= $since AND x.date <= $until
  AND c.confidentiality IN $visible AND pi.confidentiality IN $visible AND x.confidentiality IN $visible
RETURN x.date AS date, 'interaction' AS event, x.kind AS kind, x.subject AS detail, x.id AS other_id,
       {{null_string}} AS other_name, pi.role AS role, x.time AS time
UNION ALL
MATCH (x:Interaction)-[iv:INVOLVES]->(o:Organization {id: $subject})
WHERE x.date >= $since AND x.date <= $until
  AND o.confidentiality IN $visible AND iv.confidentiality IN $visible AND x.confidentiality IN $visible
RETURN x.date AS date, 'interaction' AS event, x.kind AS kind, x.subject AS detail, x.id AS other_id,
       {{null_string}} AS other_name, {{null_string}} AS role, x.time AS time
UNION ALL
MATCH (c:Contact {id: $subject})-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization)
WHERE a.start_date >= $since AND a.start_date <= $until
  AND c.confidentiality IN $visible AND a.confidentiality IN $visible AND o.confidentiality IN $visible
RETURN a.start_date AS date, 'role_start' AS event, {{type:a}} AS kind, a.role AS detail, o.id AS other_id,
       o.name AS other_name, {{null_string}} AS role, {{null_string}} AS time
UNION ALL
MATCH (c:Contact {id: $subject})-[a:WORKS_AT|MEMBER_OF]->(o:Organization)
WHERE a.end_date >= $since AND a.end_date <= $until
  AND c.confidentiality IN $visible AND a.confidentiality IN $visible AND o.confidentiality IN $visible
RETURN a.end_date AS date, 'role_end' AS event, {{type:a}} AS kind, a.role AS detail, o.id AS other_id,
       o.name AS other_name, {{null_string}} AS role, {{null_string}} AS time
UNION ALL
MATCH (c:Contact {id: $subject})-[a:HOLDS_OFFICE]->(o:Organization)
WHERE a.end_date >= $since AND a.end_date <= $until
  AND c.confidentiality IN $visible AND a.confidentiality IN $visible AND o.confidentiality IN $visible
RETURN a.end_date AS date, 'role_end' AS event, 'HOLDS_OFFICE' AS kind, a.role AS detail, o.id AS other_id,
       o.name AS other_name, a.end_reason AS role, {{null_string}} AS time
UNION ALL
MATCH (c:Contact)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization {id: $subject})
WHERE a.start_date >= $since AND a.start_date <= $until
  AND c.confidentiality IN $visible AND a.confidentiality IN $visible AND o.confidentiality IN $visible
RETURN a.start_date AS date, 'role_start' AS event, {{type:a}} AS kind, a.role AS detail, c.id AS other_id,
       c.name AS other_name, {{null_string}} AS role, {{null_string}} AS time
UNION ALL
MATCH (c:Contact)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization {id: $subject})
WHERE a.end_date >= $since AND a.end_date <= $until
  AND c.confidentiality IN $visible AND a.confidentiality IN $visible AND o.confidentiality IN $visible
RETURN a.end_date AS date, 'role_end' AS event, {{type:a}} AS kind, a.role AS detail, c.id AS other_id,
       c.name AS other_name, {{null_string}} AS role, {{null_string}} AS time
UNION ALL
MATCH (c:Contact {id: $subject})-[t:TAKES_POSITION]->(i:Issue)
WHERE t.as_of >= $since AND t.as_of <= $until
  AND c.confidentiality IN $visible AND t.confidentiality IN $visible AND i.confidentiality IN $visible
OPTIONAL MATCH (sx:Interaction {id: t.source_interaction})
WHERE sx.confidentiality IN $visible
RETURN t.as_of AS date, 'stance' AS event, t.stance AS kind, i.name AS detail, i.id AS other_id,
       i.name AS other_name, sx.kind AS role, {{null_string}} AS time
UNION ALL
MATCH (o:Organization {id: $subject})-[t:TAKES_POSITION]->(i:Issue)
WHERE t.as_of >= $since AND t.as_of <= $until
  AND o.confidentiality IN $visible AND t.confidentiality IN $visible AND i.confidentiality IN $visible
OPTIONAL MATCH (sx:Interaction {id: t.source_interaction})
WHERE sx.confidentiality IN $visible
RETURN t.as_of AS date, 'stance' AS event, t.stance AS kind, i.name AS detail, i.id AS other_id,
       i.name AS other_name, sx.kind AS role, {{null_string}} AS time
UNION ALL
MATCH (c:Contact {id: $subject})-[t:KNOWS|OWNS]-(o:Contact)
WHERE t.start_date >= $since AND t.start_date <= $until
  AND c.confidentiality IN $visible AND t.confidentiality IN $visible AND o.confidentiality IN $visible
RETURN t.start_date AS date, 'tie' AS event, {{type:t}} AS kind, {{null_string}} AS detail, o.id AS other_id,
       o.name AS other_name, {{null_string}} AS role, {{null_string}} AS time
UNION ALL
MATCH (a:Organization {id: $subject})-[t:TIED_TO]-(o:Organization)
WHERE t.start_date >= $since AND t.start_date <= $until
  AND a.confidentiality IN $visible AND t.confidentiality IN $visible AND o.confidentiality IN $visible
RETURN t.start_date AS date, 'tie' AS event, t.kind AS kind,
       CASE WHEN 'ties.note' IN $withheld THEN {{null_string}} ELSE t.note END AS detail, o.id AS other_id,
       o.name AS other_name, {{null_string}} AS role, {{null_string}} AS time
UNION ALL
MATCH (c:Contact {id: $subject})
WHERE c.status_date >= $since AND c.status_date <= $until AND c.confidentiality IN $visible
RETURN c.status_date AS date, 'status' AS event, c.status AS kind, {{null_string}} AS detail,
       {{null_string}} AS other_id, {{null_string}} AS other_name, {{null_string}} AS role, {{null_string}} AS time
UNION ALL
MATCH (n:Notice)-[d:DELIVERED]->(c:Contact {id: $subject})
WHERE d.sent_date >= $since AND d.sent_date <= $until
  AND c.confidentiality IN $visible AND d.confidentiality IN $visible AND n.confidentiality IN $visible
RETURN d.sent_date AS date, 'notice' AS event, d.channel AS kind, n.title AS detail, n.id AS other_id,
       n.title AS other_name, d.status AS role, {{null_string}} AS time
