-- Every partner that holds some role towards OpenAI at any date, with its colour, in display order.
SELECT DISTINCT r.provider_id, p.short_name AS provider, p.color, p.sort_order
FROM partner_roles AS r
JOIN providers AS p USING (provider_id)
ORDER BY p.sort_order
