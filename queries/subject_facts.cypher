// title: Who these are
// answers: the name, kind, sector and jurisdiction of some people and organizations given by id (those the viewer may see); the second step of partners_for_issue, run only for the rows a caller ranks and shows
// param subjects (list): the people's and organizations' ids, comma-separated
// column subject_id: the person's or organization's id
// column subject_label: Contact or Organization
// column name: the name
// column subject_kind: a person's kind (elected_official, business...) or an organization's type (company, utility...)
// column sector: an organization's sector (empty for people)
// column jurisdiction_id: the jurisdiction the person or organization belongs to
WITH $visible AS vis
UNWIND $subjects AS k
WITH DISTINCT k, vis
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
RETURN c.id AS subject_id, 'Contact' AS subject_label, c.name AS name, c.kind AS subject_kind,
       {{null_string}} AS sector, c.jurisdiction_id AS jurisdiction_id
UNION ALL
WITH $visible AS vis
UNWIND $subjects AS k
WITH DISTINCT k, vis
MATCH (o:Organization {id: k})
WHERE o.confidentiality IN vis
RETURN o.id AS subject_id, 'Organization' AS subject_label, o.name AS name, o.type AS subject_kind,
       o.sector AS sector, o.jurisdiction_id AS jurisdiction_id
