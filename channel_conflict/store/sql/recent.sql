-- Newest first; `query` (a slug, or '') must appear in the id.
SELECT id, extract(epoch FROM saved_at)::float8 AS saved_at
FROM channel_conflict_scenarios
WHERE %(query)s = '' OR strpos(id, %(query)s) > 0
ORDER BY saved_at DESC, id
LIMIT %(limit)s
