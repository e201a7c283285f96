-- Revenue figures (US$ bn) of the GPU neoclouds, which research firms give no share for, with provenance.
SELECT e.provider_id, p.short_name AS provider, p.color, e.metric, e.period, e.value, e.unit,
       e.confidence, e.notes, s.publisher, s.url, s.published
FROM partner_exposure AS e
JOIN providers AS p USING (provider_id)
JOIN sources AS s USING (source_id)
WHERE p.market_group = 'neocloud' AND e.unit = 'usd_bn'
  AND (e.metric = 'revenue' OR e.metric = 'quarterly_cloud_revenue')
ORDER BY p.sort_order, e.period
