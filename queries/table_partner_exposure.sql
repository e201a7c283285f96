-- Every row of partner_exposure as stored, stakes, investments and concentration, with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM partner_exposure AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.provider_id, t.metric, t.period
