// title: Current affiliations of people
// answers: where each of a list of people works, which bodies they sit on and which offices they hold on a date
// param contacts (list): the people's ids, comma-separated
// param as_of (date): the date
// column contact_id: the person's id
// column relation: WORKS_AT, MEMBER_OF or HOLDS_OFFICE
// column organization_id: the organization's id
// column organization: its name
// column org_type: its type (city, county, media_outlet...)
// column sector: its sector
// column jurisdiction_id: the organization's jurisdiction
// column role: the role (chair, member, mayor, reporter...)
// column title: the title
// column district: the district, for an office
// column start_date: since when
WITH $visible AS vis
UNWIND $contacts AS k
WITH DISTINCT k, vis
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization)
WHERE a.confidentiality IN vis AND o.confidentiality IN vis
  AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
WITH c, a, o
WHERE o.id IS NOT NULL
RETURN c.id AS contact_id, {{type:a}} AS relation, o.id AS organization_id, o.name AS organization,
       o.type AS org_type, o.sector AS sector, o.jurisdiction_id AS jurisdiction_id, a.role AS role,
       a.title AS title, a.district AS district, a.start_date AS start_date
ORDER BY contact_id, relation, organization_id
