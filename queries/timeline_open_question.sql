-- The latest sourced event, and the latest one that speaks of OpenAI selling compute directly (NULLs if none).
SELECT l.latest_event, s.event_date AS direct_sale_date, s.title AS direct_sale_title,
       s.description AS direct_sale_description, s.url AS direct_sale_url, s.publisher AS direct_sale_publisher
FROM (SELECT max(event_date) AS latest_event FROM events) AS l
LEFT JOIN (
    SELECT e.event_date, e.title, e.description, src.url, src.publisher
    FROM events AS e JOIN sources AS src USING (source_id)
    WHERE contains(lower(e.description), 'selling compute') OR contains(lower(e.description), 'ai cloud')
    ORDER BY e.event_date DESC LIMIT 1
) AS s ON true
