// title: Who knows a person
// answers: the people (our staff first in the library's ranking) with a tie to a target person: direct KNOWS or OWNS ties, shared interactions, and chains of two or three KNOWS/OWNS ties, with each tie's strength and start date; only ties that hold on the date
// param target (string): the person's id
// param as_of (date): ties that hold on this date
// column person_id: the person who knows the target
// column name: their name
// column kind: their kind (our_staff, elected_official...)
// column hops: 1 for a direct tie or shared interactions, 2 or 3 through others
// column via1_id: the first person in between (from the person's side)
// column via1_name: their name
// column via2_id: the second person in between
// column via2_name: their name
// column tie1: the first tie's type (KNOWS, OWNS, or INTERACTIONS for shared interactions)
// column strength1: its strength (0 to 1), if recorded
// column since1: its start date
// column tie2: the second tie's type
// column strength2: its strength
// column since2: its start date
// column tie3: the third tie's type
// column strength3: its strength
// column since3: its start date
// column shared: how many interactions the person and the target took part in together
// column last_shared: the latest of them
WITH $visible AS vis
MATCH (a:Contact)-[r1:KNOWS|OWNS]-(t:Contact {id: $target})
WHERE a.id <> t.id AND a.confidentiality IN vis AND r1.confidentiality IN vis AND t.confidentiality IN vis
  AND (r1.start_date IS NULL OR r1.start_date <= $as_of) AND (r1.end_date IS NULL OR r1.end_date > $as_of)
RETURN a.id AS person_id, a.name AS name, a.kind AS kind, 1 AS hops,
       {{null_string}} AS via1_id, {{null_string}} AS via1_name, {{null_string}} AS via2_id, {{null_string}} AS via2_name,
       {{type:r1}} AS tie1, r1.strength AS strength1, r1.start_date AS since1,
       {{null_string}} AS tie2, {{null_float}} AS strength2, {{null_date}} AS since2,
       {{null_string}} AS tie3, {{null_float}} AS strength3, {{null_date}} AS since3,
       0 AS shared, {{null_date}} AS last_shared
UNION ALL
WITH $visible AS vis
MATCH (a:Contact)-[p1:PARTICIPATED_IN]->(x:Interaction)<-[p2:PARTICIPATED_IN]-(t:Contact {id: $target})
WHERE a.id <> t.id AND x.date <= $as_of AND a.confidentiality IN vis AND p1.confidentiality IN vis
  AND x.confidentiality IN vis AND p2.confidentiality IN vis AND t.confidentiality IN vis
WITH a.id AS aid, count(DISTINCT x.id) AS shared, max(x.date) AS last_shared
MATCH (a:Contact {id: aid})
RETURN a.id AS person_id, a.name AS name, a.kind AS kind, 1 AS hops,
       {{null_string}} AS via1_id, {{null_string}} AS via1_name, {{null_string}} AS via2_id, {{null_string}} AS via2_name,
       'INTERACTIONS' AS tie1, {{null_float}} AS strength1, {{null_date}} AS since1,
       {{null_string}} AS tie2, {{null_float}} AS strength2, {{null_date}} AS since2,
       {{null_string}} AS tie3, {{null_float}} AS strength3, {{null_date}} AS since3,
       shared, last_shared
UNION ALL
WITH $visible AS vis
MATCH (a:Contact)-[r1:KNOWS|OWNS]-(m:Contact)-[r2:KNOWS|OWNS]-(t:Contact {id: $target})
WHERE a.id <> t.id AND a.id <> m.id AND m.id <> t.id
  AND a.confidentiality IN vis AND r1.confidentiality IN vis AND m.confidentiality IN vis
  AND r2.confidentiality IN vis AND t.confidentiality IN vis
  AND (r1.start_date IS NULL OR r1.start_date <= $as_of) AND (r1.end_date IS NULL OR r1.end_date > $as_of)
  AND (r2.start_date IS NULL OR r2.start_date <= $as_of) AND (r2.end_date IS NULL OR r2.end_date > $as_of)
RETURN a.id AS person_id, a.name AS name, a.kind AS kind, 2 AS hops,
       m.id AS via1_id, m.name AS via1_name, {{null_string}} AS via2_id, {{null_string}} AS via2_name,
       {{type:r1}} AS tie1, r1.strength AS strength1, r1.start_date AS since1,
       {{type:r2}} AS tie2, r2.strength AS strength2, r2.start_date AS since2,
       {{null_string}} AS tie3, {{null_float}} AS strength3, {{null_date}} AS since3,
       0 AS shared, {{null_date}} AS last_shared
UNION ALL
WITH $visible AS vis
MATCH (a:Contact)-[r1:KNOWS|OWNS]-(m1:Contact)-[r2:KNOWS|OWNS]-(m2:Contact)-[r3:KNOWS|OWNS]-(t:Contact {id: $target})
WHERE a.id <> t.id AND a.id <> m1.id AND a.id <> m2.id AND m1.id <> m2.id AND m1.id <> t.id AND m2.id <> t.id
  AND a.confidentiality IN vis AND r1.confidentiality IN vis AND m1.confidentiality IN vis
  AND r2.confidentiality IN vis AND m2.confidentiality IN vis AND r3.confidentiality IN vis
  AND t.confidentiality IN vis
  AND (r1.start_date IS NULL OR r1.start_date <= $as_of) AND (r1.end_date IS NULL OR r1.end_date > $as_of)
  AND (r2.start_date IS NULL OR r2.start_date <= $as_of) AND (r2.end_date IS NULL OR r2.end_date > $as_of)
  AND (r3.start_date IS NULL OR r3.start_date <= $as_of) AND (r3.end_date IS NULL OR r3.end_date > $as_of)
RETURN a.id AS person_id, a.name AS name, a.kind AS kind, 3 AS hops,
       m1.id AS via1_id, m1.name AS via1_name, m2.id AS via2_id, m2.name AS via2_name,
       {{type:r1}} AS tie1, r1.strength AS strength1, r1.start_date AS since1,
       {{type:r2}} AS tie2, r2.strength AS strength2, r2.start_date AS since2,
       {{type:r3}} AS tie3, r3.strength AS strength3, r3.start_date AS since3,
       0 AS shared, {{null_date}} AS last_shared
