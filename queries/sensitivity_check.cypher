// title: Reasons to stop and think before contacting people
// answers: for each of a list of people, every flag: found (the record exists and the viewer may see it), status (deceased, retired, left office), do_not_contact, left_office (an office that ended, for someone who holds no office now, with who holds it now), stance (their stances on an issue), our_stance (our organization's stances on it), negative (a negative interaction since a date), negative_on_issue (one of those about the issue or a sub-issue), sensitive_tie (their organization is in a flagged conflict or litigation), conflict_pair (two people on the list whose organizations are in a flagged conflict), hidden_sensitivity (such a conflict exists but above the viewer's clearance: no detail), hidden_conflict_pair (two people on the list whose organizations are in such a conflict above the viewer's clearance: only who the other person is)
// param contacts (list): the people's ids, comma-separated
// param issue (string, optional): the issue our contact is about (its sub-issues count too)
// param since (date): negative interactions on or after this date count
// param as_of (date): the date of the check
// column contact_id: the person's id (empty for our_stance)
// column name: the person's name (our organization's for our_stance)
// column flag: found, status, do_not_contact, left_office, stance, our_stance, negative, negative_on_issue, sensitive_tie, conflict_pair, hidden_sensitivity or hidden_conflict_pair
// column detail: the kind of person (found), the status, the channel not to use, the office's role, the stance, the interaction's kind, or the tie's kind
// column date: when the status began, the office ended, the stance was stated, the interaction happened, the tie began
// column other_id: who holds the office now, the issue, the interaction, the other person of the pair (visible or hidden)
// column other_name: their name, the issue's name, the interaction's subject
// column org_id: the organization concerned (the office, the person's organization in a tie)
// column org_name: its name
// column other_org: the other organization of a flagged tie
// column note: the reason an office ended, the kind of interaction a stance was stated in, the tie's note (empty below the redaction policy's clearance)
// run: each branch (nine branches planned as one statement cost more CPU than running them)
WITH $visible AS vis
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
UNWIND ['found', 'status', 'do_not_contact'] AS flag
WITH c, flag
WHERE flag = 'found' OR (flag = 'status' AND coalesce(c.status, 'active') <> 'active')
   OR (flag = 'do_not_contact' AND c.do_not_contact = true)
RETURN c.id AS contact_id, c.name AS name, flag,
       CASE WHEN flag = 'found' THEN c.kind WHEN flag = 'status' THEN c.status
            ELSE coalesce(c.do_not_contact_channel, 'all') END AS detail,
       CASE WHEN flag = 'status' THEN c.status_date ELSE {{null_date}} END AS date,
       {{null_string}} AS other_id, {{null_string}} AS other_name, {{null_string}} AS org_id,
       {{null_string}} AS org_name, {{null_string}} AS other_org, {{null_string}} AS note
UNION ALL
WITH $visible AS vis
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[h:HOLDS_OFFICE]->(o:Organization)
WHERE h.confidentiality IN vis AND o.confidentiality IN vis AND h.end_date <= $as_of
WITH c.id AS cid, c.name AS cname, o.id AS oid, o.name AS oname, h.role AS hrole,
     coalesce(h.district, '') AS hdistrict, h.end_date AS ended, h.end_reason AS reason, vis
WHERE oid IS NOT NULL
MATCH (c2:Contact {id: cid})
OPTIONAL MATCH (c2)-[h2:HOLDS_OFFICE]->(o2:Organization {id: oid})
WHERE h2.confidentiality IN vis AND (h2.start_date IS NULL OR h2.start_date <= $as_of)
  AND (h2.end_date IS NULL OR h2.end_date > $as_of)
WITH cid, cname, oid, oname, hrole, hdistrict, ended, reason, count(h2.id) AS still, vis
WHERE still = 0
MATCH (c3:Contact {id: cid})
OPTIONAL MATCH (c3)-[h4:HOLDS_OFFICE]->(:Organization)
WHERE h4.confidentiality IN vis AND (h4.start_date IS NULL OR h4.start_date <= $as_of)
  AND (h4.end_date IS NULL OR h4.end_date > $as_of)
WITH cid, cname, oid, oname, hrole, hdistrict, ended, reason, count(h4.id) AS current, vis
WHERE current = 0
MATCH (o:Organization {id: oid})
OPTIONAL MATCH (s:Contact)-[h3:HOLDS_OFFICE]->(o)
WHERE s.confidentiality IN vis AND h3.confidentiality IN vis AND s.id <> cid
  AND coalesce(h3.role, '') = coalesce(hrole, '') AND coalesce(h3.district, '') = hdistrict
  AND (h3.start_date IS NULL OR h3.start_date <= $as_of) AND (h3.end_date IS NULL OR h3.end_date > $as_of)
RETURN cid AS contact_id, cname AS name, 'left_office' AS flag, hrole AS detail, ended AS date,
       s.id AS other_id, s.name AS other_name, oid AS org_id, oname AS org_name,
       {{null_string}} AS other_org, reason AS note
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue)
WHERE top.id = $issue
  AND all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH vis, collect(DISTINCT sub.id) AS subs
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[t:TAKES_POSITION]->(sub:Issue)
WHERE sub.id IN subs AND t.confidentiality IN vis AND t.as_of <= $as_of
WITH c, t, sub, vis
WHERE t.id IS NOT NULL
OPTIONAL MATCH (sx:Interaction {id: t.source_interaction})
WHERE sx.confidentiality IN vis
RETURN c.id AS contact_id, c.name AS name, 'stance' AS flag, t.stance AS detail, t.as_of AS date,
       sub.id AS other_id, sub.name AS other_name, {{null_string}} AS org_id, {{null_string}} AS org_name,
       {{null_string}} AS other_org, sx.kind AS note
UNION ALL
WITH $visible AS vis
MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue)
WHERE top.id = $issue
  AND all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
MATCH (o:Organization)-[t:TAKES_POSITION]->(sub)
WHERE o.type = 'our_organization' AND o.confidentiality IN vis AND t.confidentiality IN vis AND t.as_of <= $as_of
RETURN {{null_string}} AS contact_id, o.name AS name, 'our_stance' AS flag, t.stance AS detail, t.as_of AS date,
       sub.id AS other_id, sub.name AS other_name, o.id AS org_id, o.name AS org_name,
       {{null_string}} AS other_org, t.note AS note
UNION ALL
WITH $visible AS vis
OPTIONAL MATCH p = (sub:Issue)-{{part_of_0_5}}->(top:Issue)
WHERE top.id = $issue
  AND all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
WITH vis, collect(DISTINCT sub.id) AS subs
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[pi:PARTICIPATED_IN]->(x:Interaction)
WHERE x.sentiment = 'negative' AND x.date >= $since AND x.date <= $as_of
  AND pi.confidentiality IN vis AND x.confidentiality IN vis
WITH c, pi, x, subs, vis
WHERE x.id IS NOT NULL
OPTIONAL MATCH (x)-[ab:ABOUT]->(s:Issue)
WHERE s.id IN subs AND ab.confidentiality IN vis
WITH c.id AS cid, c.name AS cname, pi.id AS piid, x.id AS xid, x.kind AS xkind, x.date AS xdate,
     x.subject AS xsubject, x.summary AS xsummary, count(s.id) AS on_issue
UNWIND ['negative', 'negative_on_issue'] AS flag
WITH cid, cname, xid, xkind, xdate, xsubject, xsummary, flag, on_issue
WHERE flag = 'negative' OR on_issue > 0
RETURN cid AS contact_id, cname AS name, flag, xkind AS detail, xdate AS date,
       xid AS other_id, xsubject AS other_name, {{null_string}} AS org_id, {{null_string}} AS org_name,
       {{null_string}} AS other_org,
       CASE WHEN flag = 'negative_on_issue' OR 'interactions.summary' IN $withheld THEN {{null_string}}
            ELSE xsummary END AS note
UNION ALL
WITH $visible AS vis
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o1:Organization)
WHERE a.confidentiality IN vis AND o1.confidentiality IN vis
  AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
WITH c, o1, vis
WHERE o1.id IS NOT NULL
OPTIONAL MATCH (o1)-[t:TIED_TO]-(o2:Organization)
WHERE t.sensitive = true AND t.confidentiality IN vis AND o2.confidentiality IN vis
WITH c, o1, t, o2
WHERE t.id IS NOT NULL
RETURN c.id AS contact_id, c.name AS name, 'sensitive_tie' AS flag, t.kind AS detail, t.start_date AS date,
       {{null_string}} AS other_id, {{null_string}} AS other_name, o1.id AS org_id, o1.name AS org_name,
       o2.name AS other_org, CASE WHEN 'ties.note' IN $withheld THEN {{null_string}} ELSE t.note END AS note
UNION ALL
WITH $visible AS vis
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o1:Organization)
WHERE a.confidentiality IN vis AND o1.confidentiality IN vis
  AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
WITH c, o1, vis
WHERE o1.id IS NOT NULL
OPTIONAL MATCH (o1)-[t:TIED_TO]-(o2:Organization)
WHERE t.sensitive = true AND t.confidentiality IN vis AND o2.confidentiality IN vis
WITH c.id AS cid, c.name AS cname, o1.id AS o1id, o1.name AS o1name, o2.id AS o2id, o2.name AS o2name,
     t.kind AS tkind, t.start_date AS tstart,
     CASE WHEN 'ties.note' IN $withheld THEN {{null_string}} ELSE t.note END AS tnote, vis
WHERE o2id IS NOT NULL
UNWIND $contacts AS k2
MATCH (d:Contact {id: k2})
WHERE d.id <> cid AND d.confidentiality IN vis
OPTIONAL MATCH (d)-[b:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o3:Organization)
WHERE o3.id = o2id AND b.confidentiality IN vis
  AND (b.start_date IS NULL OR b.start_date <= $as_of) AND (b.end_date IS NULL OR b.end_date > $as_of)
WITH cid, cname, o1id, o1name, o2name, tkind, tstart, tnote, d, b
WHERE b.id IS NOT NULL
RETURN cid AS contact_id, cname AS name, 'conflict_pair' AS flag, tkind AS detail, tstart AS date,
       d.id AS other_id, d.name AS other_name, o1id AS org_id, o1name AS org_name,
       o2name AS other_org, tnote AS note
UNION ALL
WITH $visible AS vis
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o1:Organization)
WHERE (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
WITH c, o1, a.confidentiality IN vis AND o1.confidentiality IN vis AS seen, vis
WHERE o1.id IS NOT NULL
OPTIONAL MATCH (o1)-[t:TIED_TO]-(o2:Organization)
WHERE t.sensitive = true AND NOT (seen AND t.confidentiality IN vis AND o2.confidentiality IN vis)
WITH c, count(t) AS n
WHERE n > 0
RETURN c.id AS contact_id, c.name AS name, 'hidden_sensitivity' AS flag, {{null_string}} AS detail,
       {{null_date}} AS date, {{null_string}} AS other_id, {{null_string}} AS other_name,
       {{null_string}} AS org_id, {{null_string}} AS org_name, {{null_string}} AS other_org,
       {{null_string}} AS note
UNION ALL
WITH $visible AS vis
UNWIND $contacts AS k
MATCH (c:Contact {id: k})
WHERE c.confidentiality IN vis
OPTIONAL MATCH (c)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o1:Organization)
WHERE (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
WITH c, o1, a.confidentiality IN vis AND o1.confidentiality IN vis AS seen, vis
WHERE o1.id IS NOT NULL
OPTIONAL MATCH (o1)-[t:TIED_TO]-(o2:Organization)
WHERE t.sensitive = true AND NOT (seen AND t.confidentiality IN vis AND o2.confidentiality IN vis)
WITH c.id AS cid, c.name AS cname, o2.id AS o2id, vis
WHERE o2id IS NOT NULL
UNWIND $contacts AS k2
MATCH (d:Contact {id: k2})
WHERE d.id <> cid AND d.confidentiality IN vis
OPTIONAL MATCH (d)-[b:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o3:Organization)
WHERE o3.id = o2id
  AND (b.start_date IS NULL OR b.start_date <= $as_of) AND (b.end_date IS NULL OR b.end_date > $as_of)
WITH cid, cname, d, count(b) AS n
WHERE n > 0
RETURN DISTINCT cid AS contact_id, cname AS name, 'hidden_conflict_pair' AS flag, {{null_string}} AS detail,
       {{null_date}} AS date, d.id AS other_id, d.name AS other_name, {{null_string}} AS org_id,
       {{null_string}} AS org_name, {{null_string}} AS other_org, {{null_string}} AS note
