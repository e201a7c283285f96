-- Every row of contracts as stored, OpenAI's compute deals, with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM contracts AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.announced, t.contract_id
