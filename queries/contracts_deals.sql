-- OpenAI's compute deals with seller name and colour, the deal that supersedes each (if any), and provenance.
SELECT c.contract_id, c.seller_id, p.short_name AS seller, p.color, p.sort_order, c.deal_type, c.announced,
       c.start_year, c.end_year, c.value_usd_bn, c.capacity_gw, c.value_kind, c.counts_in_total,
       c.supersedes, later.contract_id AS superseded_by, c.confidence, c.notes,
       s.publisher, s.url, s.published, s.kind AS source_kind
FROM contracts AS c
JOIN providers AS p ON p.provider_id = c.seller_id
JOIN sources AS s ON s.source_id = c.source_id
LEFT JOIN contracts AS later ON later.supersedes = c.contract_id
ORDER BY c.announced, c.contract_id
