-- Per fact table: rows, and how many of them rest on a primary source (a party's own release or filing,
-- a government page, the research firm's own release) rather than on a report of it.
WITH cited AS (
    SELECT 'market_share' AS table_name, source_id FROM market_share
    UNION ALL SELECT 'market_size', source_id FROM market_size
    UNION ALL SELECT 'contracts', source_id FROM contracts
    UNION ALL SELECT 'events', source_id FROM events
    UNION ALL SELECT 'assumptions', source_id FROM assumptions
    UNION ALL SELECT 'partner_exposure', source_id FROM partner_exposure
    UNION ALL SELECT 'partner_roles', source_id FROM partner_roles
    UNION ALL SELECT 'gpu_prices', source_id FROM gpu_prices
    UNION ALL SELECT 'openai_financials', source_id FROM openai_financials
    UNION ALL SELECT 'calibration', source_id FROM calibration
    UNION ALL SELECT 'fab_projects', source_id FROM fab_projects
    UNION ALL SELECT 'fab_support', source_id FROM fab_support
)
SELECT c.table_name, count(*) AS rows,
       count(*) FILTER (WHERE s.kind = 'primary') AS primary_rows,
       count(*) FILTER (WHERE s.kind = 'secondary') AS secondary_rows,
       count(*) FILTER (WHERE c.source_id IS NULL) AS unsourced_rows,
       round(100.0 * count(*) FILTER (WHERE s.kind = 'primary') / count(*)) AS primary_pct
FROM cited AS c
LEFT JOIN sources AS s USING (source_id)
GROUP BY c.table_name
ORDER BY primary_pct DESC, c.table_name
