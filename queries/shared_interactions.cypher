// title: The interactions a person shared with others
// answers: every interaction (up to a date) a person took part in with someone else, one row per other participant, with the interaction's kind and date and both people's roles: the evidence the strength model weighs to rank who knows the person
// param target (string): the person's id
// param as_of (date): interactions up to this date
// column interaction_id: the interaction's id
// column kind: its kind (meeting, call, email...)
// column date: its date
// column person_id: the other participant
// column role: their role (sender, recipient, attendee...)
// column target_role: the person's own role in it
WITH $visible AS vis
MATCH (a:Contact)-[p1:PARTICIPATED_IN]->(x:Interaction)<-[p2:PARTICIPATED_IN]-(t:Contact {id: $target})
WHERE a.id <> t.id AND x.date <= $as_of AND a.confidentiality IN vis AND p1.confidentiality IN vis
  AND x.confidentiality IN vis AND p2.confidentiality IN vis AND t.confidentiality IN vis
RETURN x.id AS interaction_id, x.kind AS kind, x.date AS date, a.id AS person_id, p1.role AS role,
       p2.role AS target_role
