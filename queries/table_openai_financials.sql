-- Every row of openai_financials as stored, OpenAI's financial figures, with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM openai_financials AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.metric, t.period
