-- Every row of gpu_prices as stored, GPU-hour prices, with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM gpu_prices AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.as_of, t.gpu, t.provider_tier
