-- Every row of assumptions as stored, model defaults (source empty for our own assumptions), with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM assumptions AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.param, t.name
