// title: Our staff's ties to people
// answers: which of our staff members know or own the relationship with each of a list of people, on a date
// param contacts (list): the people's ids, comma-separated
// param as_of (date): ties that hold on this date
// column contact_id: the person's id
// column staff_id: our staff member's id
// column staff_name: our staff member's name
// column tie: KNOWS or OWNS
// column strength: the tie's strength (0 to 1), if recorded
// column role: for OWNS, primary or secondary
// column start_date: since when
WITH $visible AS vis
UNWIND $contacts AS k
MATCH (c:Contact {id: k})-[t:KNOWS|OWNS]-(s:Contact)
WHERE s.kind = 'our_staff' AND c.confidentiality IN vis AND t.confidentiality IN vis AND s.confidentiality IN vis
  AND (t.start_date IS NULL OR t.start_date <= $as_of) AND (t.end_date IS NULL OR t.end_date > $as_of)
  AND (s.leaving_date IS NULL OR s.leaving_date > $as_of)
RETURN c.id AS contact_id, s.id AS staff_id, s.name AS staff_name, {{type:t}} AS tie, t.strength AS strength,
       t.role AS role, t.start_date AS start_date
ORDER BY contact_id, staff_id, tie
