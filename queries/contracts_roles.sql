-- Each partner's roles towards OpenAI as of a date: the latest evidence per partner and role up to $as_of.
SELECT r.provider_id, p.short_name AS provider, p.color, p.sort_order, r.role, r.as_of, r.usd_bn,
       r.confidence, r.notes, s.publisher, s.url, s.published, s.kind AS source_kind
FROM partner_roles AS r
JOIN providers AS p USING (provider_id)
JOIN sources AS s USING (source_id)
WHERE r.as_of <= CAST($as_of AS DATE)
QUALIFY row_number() OVER (PARTITION BY r.provider_id, r.role ORDER BY r.as_of DESC) = 1
ORDER BY p.sort_order, r.role
