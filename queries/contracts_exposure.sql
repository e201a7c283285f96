-- Each partner's exposure to OpenAI (stakes, investments, backlog, revenue concentration), with provenance.
SELECT e.provider_id, p.short_name AS provider, p.color, p.sort_order, e.metric, e.period, e.value, e.unit,
       e.confidence, e.notes, s.publisher, s.url, s.published, s.kind AS source_kind
FROM partner_exposure AS e
JOIN providers AS p USING (provider_id)
JOIN sources AS s USING (source_id)
ORDER BY p.sort_order, e.metric, e.period
