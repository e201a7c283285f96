-- The body only when it is within the size limit, so an oversized row is never fetched.
SELECT octet_length(body) AS size, CASE WHEN octet_length(body) <= %(limit)s THEN body END AS body
FROM channel_conflict_scenarios WHERE id = %(id)s
