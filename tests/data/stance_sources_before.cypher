// title: Where stances were stated
// answers: for some people and organizations, the interaction each of their stances on an issue (or an issue below it) was stated in, when the viewer may see it; the second step of stances_on_issue and partners_for_issue, run only for the holders a caller shows
// param holders (list): the people's and organizations' ids, comma-separated
// param issue (string): the issue's id (its sub-issues count too)
// column holder_id: the person's or organization's id
// column issue_id: the issue the stance is on
// column stance: support, oppose, neutral or mixed
// column as_of: when the stance was stated
// column source_id: the interaction it was stated in
// column source_kind: that interaction's kind (meeting, letter...)
// column source_date: that interaction's date
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
UNWIND $holders AS k
MATCH (c:Contact {id: k})-[t:TAKES_POSITION]->(sub)
WHERE c.confidentiality IN vis AND t.confidentiality IN vis AND t.source_interaction IS NOT NULL
WITH c.id AS hid, sub.id AS iid, t.stance AS stance, t.as_of AS as_of, t.source_interaction AS sid, vis
MATCH (sx:Interaction {id: sid})
WHERE sx.confidentiality IN vis
RETURN hid AS holder_id, iid AS issue_id, stance, as_of, sx.id AS source_id, sx.kind AS source_kind,
       sx.date AS source_date
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue {id: $issue})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
UNWIND $holders AS k
MATCH (o:Organization {id: k})-[t:TAKES_POSITION]->(sub)
WHERE o.confidentiality IN vis AND t.confidentiality IN vis AND t.source_interaction IS NOT NULL
WITH o.id AS hid, sub.id AS iid, t.stance AS stance, t.as_of AS as_of, t.source_interaction AS sid, vis
MATCH (sx:Interaction {id: sid})
WHERE sx.confidentiality IN vis
RETURN hid AS holder_id, iid AS issue_id, stance, as_of, sx.id AS source_id, sx.kind AS source_kind,
       sx.date AS source_date
