-- What the partners reported, beside which the overlap model's base-year figures are checked, with each source.
SELECT c.provider_id, p.short_name AS partner, c.figure, c.metric, c.period, c.reported, c.unit, c.tolerance_pct,
       c.confidence, c.notes, c.source_id, s.publisher, s.url, s.published
FROM calibration AS c
JOIN providers AS p ON p.provider_id = c.provider_id
LEFT JOIN sources AS s ON s.source_id = c.source_id
ORDER BY p.sort_order, c.figure, c.period
