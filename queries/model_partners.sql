-- The partners the overlap model sizes (every provider with a cloud_revenue assumption, "others" included), in display order.
SELECT p.provider_id, p.name, p.short_name, p.kind, p.color, p.sort_order
FROM providers AS p
WHERE p.provider_id IN (SELECT provider_id FROM assumptions WHERE param = 'cloud_revenue' AND provider_id IS NOT NULL)
ORDER BY p.sort_order, p.provider_id
