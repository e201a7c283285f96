-- Every source (article, filing or report), whether it is primary, and how many rows cite it: as the row's
-- source in a fact table, or as a second source.
WITH cites AS (
    SELECT source_id FROM market_share UNION ALL SELECT source_id FROM market_size
    UNION ALL SELECT source_id FROM contracts UNION ALL SELECT source_id FROM events
    UNION ALL SELECT source_id FROM assumptions UNION ALL SELECT source_id FROM partner_exposure
    UNION ALL SELECT source_id FROM partner_roles UNION ALL SELECT source_id FROM gpu_prices
    UNION ALL SELECT source_id FROM openai_financials UNION ALL SELECT source_id FROM fab_projects
    UNION ALL SELECT source_id FROM fab_support UNION ALL SELECT source_id FROM second_sources
)
SELECT s.source_id, s.url, s.publisher, s.published, s.title, s.kind,
       (SELECT count(*) FROM cites AS c WHERE c.source_id = s.source_id) AS rows_citing
FROM sources AS s
ORDER BY s.published DESC, s.source_id
