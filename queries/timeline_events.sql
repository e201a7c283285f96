-- Events on or after $start, with the actor's provider colour where the actor is a provider, and provenance.
SELECT e.event_id, e.event_date, e.date_precision, e.actor, e.title, e.category, e.description, e.confidence,
       p.provider_id, p.color, s.publisher, s.url, s.published
FROM events AS e
JOIN sources AS s USING (source_id)
LEFT JOIN providers AS p
       ON e.actor IN (p.short_name, p.name, split_part(p.name, ' ', 1))
WHERE e.event_date >= CAST($start AS DATE)
QUALIFY row_number() OVER (PARTITION BY e.event_id ORDER BY p.sort_order NULLS LAST) = 1
ORDER BY e.event_date, e.event_id
