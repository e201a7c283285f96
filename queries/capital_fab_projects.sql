-- Chip fabs that public support is tied to, with provenance.
SELECT p.project_id, p.company, p.site, p.product, p.capex_usd_bn, p.expected_start, p.confidence, p.notes,
       s.publisher, s.url, s.published, s.kind AS source_kind
FROM fab_projects AS p
JOIN sources AS s USING (source_id)
ORDER BY p.capex_usd_bn DESC NULLS LAST, p.project_id
