-- Every row of calibration (what the partners reported, to check the model against), with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM calibration AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.provider_id, t.figure, t.metric, t.period
