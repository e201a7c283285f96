-- Every source (article, filing or report) with how many rows across the fact tables cite it.
WITH cites AS (
    SELECT source_id FROM market_share UNION ALL SELECT source_id FROM market_size
    UNION ALL SELECT source_id FROM contracts UNION ALL SELECT source_id FROM events
    UNION ALL SELECT source_id FROM assumptions UNION ALL SELECT source_id FROM partner_exposure
    UNION ALL SELECT source_id FROM partner_roles UNION ALL SELECT source_id FROM gpu_prices
    UNION ALL SELECT source_id FROM openai_financials
)
SELECT s.source_id, s.url, s.publisher, s.published, s.title,
       (SELECT count(*) FROM cites AS c WHERE c.source_id = s.source_id) AS rows_citing
FROM sources AS s
ORDER BY s.published DESC, s.source_id
