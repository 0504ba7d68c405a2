// title: Who sat on, worked at or held office in a body on a date or in a period
// answers: everyone affiliated with an organization on a date (or at any time between as_of and until): its members, office holders and staff, with their roles
// param organization (string): the organization's id
// param as_of (date): the date (the first day, when until is given)
// param until (date, optional): the last day of a period; default as_of
// column contact_id: the member's id
// column name: the member's name
// column kind: the member's kind (elected_official, agency_staff...)
// column status: active, left_office, retired or deceased (today's record)
// column status_date: when that status began
// column relation: WORKS_AT, MEMBER_OF or HOLDS_OFFICE
// column role: chair, vice chair, member, mayor, lobbyist...
// column title: the title on the body
// column district: the district, for an office
// column start_date: since when
// column end_date: until when (empty if open)
WITH $visible AS vis
MATCH (c:Contact)-[m:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization {id: $organization})
WHERE c.confidentiality IN vis AND m.confidentiality IN vis AND o.confidentiality IN vis
  AND (m.start_date IS NULL OR m.start_date <= coalesce($until, $as_of))
  AND (m.end_date IS NULL OR m.end_date > $as_of)
RETURN c.id AS contact_id, c.name AS name, c.kind AS kind, coalesce(c.status, 'active') AS status,
       c.status_date AS status_date, {{type:m}} AS relation, m.role AS role, m.title AS title,
       m.district AS district, m.start_date AS start_date, m.end_date AS end_date
ORDER BY name, contact_id, relation
