-- Every provider with its house colour, in display order.
SELECT provider_id, name, short_name, kind, color, market_group, is_openai_partner, sort_order
FROM providers
ORDER BY sort_order, provider_id
