// title: A jurisdiction and everything inside it
// answers: a jurisdiction and its sub-jurisdictions (a county's cities, a state's districts)
// param jurisdiction (string): the jurisdiction's id
// column jurisdiction_id: the id of the jurisdiction or of one inside it
// column name: its name
// column level: state, region, county, city or district
WITH $visible AS vis
MATCH p = (sj:Jurisdiction)-{{jurisdiction_part_of_0_6}}->(j:Jurisdiction {id: $jurisdiction})
WHERE all(r IN {{rels:p}} WHERE r.confidentiality IN vis) AND all(n IN {{nodes:p}} WHERE n.confidentiality IN vis)
RETURN DISTINCT sj.id AS jurisdiction_id, sj.name AS name, sj.level AS level
ORDER BY jurisdiction_id
