// title: What bodies focus on
// answers: the FOCUSES_ON links between organizations and issues, stated or derived from names, with their review status
// param review (string, optional): only links with this review status (pending, accepted, rejected; "stated" for links that were not derived)
// column link_id: the link's id (give it to "civicgraph focus review")
// column organization_id: the organization's id
// column organization: its name
// column issue_id: the issue's id
// column issue: its name
// column derived: true if derived from the organization's name and description
// column method: the words that matched
// column review: pending, accepted, rejected, or stated
WITH $visible AS vis
MATCH (o:Organization)-[f:FOCUSES_ON]->(i:Issue)
WHERE o.confidentiality IN vis AND f.confidentiality IN vis AND i.confidentiality IN vis
  AND coalesce(f.review, 'stated') = coalesce($review, coalesce(f.review, 'stated'))
RETURN f.id AS link_id, o.id AS organization_id, o.name AS organization, i.id AS issue_id, i.name AS issue,
       coalesce(f.derived, false) AS derived, f.method AS method, coalesce(f.review, 'stated') AS review
ORDER BY organization, issue
