-- Every row of market_share as stored, provider shares by quarter and research firm, with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM market_share AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.research_firm, t.quarter, t.provider_id, t.is_primary DESC
