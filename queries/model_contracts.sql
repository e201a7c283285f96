-- OpenAI's compute deals as the overlap model needs them: seller, type, years, value, whether it counts, provenance.
SELECT c.contract_id, c.buyer, c.seller_id, p.short_name AS seller, c.deal_type, c.announced,
       c.start_year, c.end_year, c.value_usd_bn, c.capacity_gw, c.value_kind, c.counts_in_total,
       c.supersedes, c.confidence, c.notes, c.source_id, s.url, s.published
FROM contracts AS c
JOIN providers AS p ON p.provider_id = c.seller_id
LEFT JOIN sources AS s ON s.source_id = c.source_id
ORDER BY c.announced, c.contract_id
