-- Every row of market_size as stored, quarterly market size, with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM market_size AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.research_firm, t.quarter
