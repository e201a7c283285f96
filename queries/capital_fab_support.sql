-- CHIPS Act awards by stage and the DOE LPO precedents, with the fab each one funds and provenance.
SELECT f.support_id, f.company, f.project_id, p.site, p.capex_usd_bn, p.expected_start, f.program, f.instrument,
       f.stage, f.announced, f.amount_usd_bn, f.supersedes, later.support_id AS superseded_by, f.confidence, f.notes,
       s.publisher, s.url, s.published, s.kind AS source_kind
FROM fab_support AS f
JOIN sources AS s USING (source_id)
LEFT JOIN fab_projects AS p USING (project_id)
LEFT JOIN fab_support AS later ON later.supersedes = f.support_id
ORDER BY f.program, f.company, f.announced, f.support_id
