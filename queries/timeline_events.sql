-- Events on or after $start, with the actor's provider colour where the actor is a provider, and provenance.
-- Providers are matched by short name, full name or the full name's first word, through an equi-join on
-- those aliases (a hash join), so the cost grows with events + providers, not events x providers.
WITH alias AS (
    SELECT DISTINCT p.provider_id, p.color, p.sort_order, a.actor
    FROM providers AS p, unnest([p.short_name, p.name, split_part(p.name, ' ', 1)]) AS a(actor)
    WHERE a.actor IS NOT NULL
)
SELECT e.event_id, e.event_date, e.date_precision, e.actor, e.title, e.category, e.description, e.confidence,
       p.provider_id, p.color, s.publisher, s.url, s.published, s.kind AS source_kind
FROM events AS e
JOIN sources AS s USING (source_id)
LEFT JOIN alias AS p ON e.actor = p.actor
WHERE e.event_date >= CAST($start AS DATE)
QUALIFY row_number() OVER (PARTITION BY e.event_id ORDER BY p.sort_order NULLS LAST, p.provider_id) = 1
ORDER BY e.event_date, e.event_id
