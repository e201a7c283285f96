-- Every row of events as stored, dated events, with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM events AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.event_date, t.event_id
