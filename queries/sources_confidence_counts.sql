-- Rows per table and confidence level, for every table that carries a confidence.
SELECT 'market_share' AS table_name, confidence, count(*) AS rows FROM market_share GROUP BY confidence
UNION ALL SELECT 'market_size', confidence, count(*) FROM market_size GROUP BY confidence
UNION ALL SELECT 'contracts', confidence, count(*) FROM contracts GROUP BY confidence
UNION ALL SELECT 'events', confidence, count(*) FROM events GROUP BY confidence
UNION ALL SELECT 'assumptions', confidence, count(*) FROM assumptions GROUP BY confidence
UNION ALL SELECT 'partner_exposure', confidence, count(*) FROM partner_exposure GROUP BY confidence
UNION ALL SELECT 'partner_roles', confidence, count(*) FROM partner_roles GROUP BY confidence
UNION ALL SELECT 'gpu_prices', confidence, count(*) FROM gpu_prices GROUP BY confidence
UNION ALL SELECT 'openai_financials', confidence, count(*) FROM openai_financials GROUP BY confidence
UNION ALL SELECT 'calibration', confidence, count(*) FROM calibration GROUP BY confidence
UNION ALL SELECT 'fab_projects', confidence, count(*) FROM fab_projects GROUP BY confidence
UNION ALL SELECT 'fab_support', confidence, count(*) FROM fab_support GROUP BY confidence
ORDER BY table_name, confidence
