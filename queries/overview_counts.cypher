// title: What is in the graph
// answers: how many people, organizations, issues, interactions and notices the viewer may see
// column kind: the kind of record
// column n: how many the viewer may see
// Counting before naming the row: with the name as a grouping key an empty table would give no row.
MATCH (n:Contact) WHERE n.confidentiality IN $visible WITH count(n) AS n RETURN 'contacts' AS kind, n
UNION ALL
MATCH (n:Organization) WHERE n.confidentiality IN $visible WITH count(n) AS n RETURN 'organizations' AS kind, n
UNION ALL
MATCH (n:Jurisdiction) WHERE n.confidentiality IN $visible WITH count(n) AS n RETURN 'jurisdictions' AS kind, n
UNION ALL
MATCH (n:Issue) WHERE n.confidentiality IN $visible WITH count(n) AS n RETURN 'issues' AS kind, n
UNION ALL
MATCH (n:Interaction) WHERE n.confidentiality IN $visible WITH count(n) AS n RETURN 'interactions' AS kind, n
UNION ALL
MATCH (n:Notice) WHERE n.confidentiality IN $visible WITH count(n) AS n RETURN 'notices' AS kind, n
