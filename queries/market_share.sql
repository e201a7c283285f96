-- One research firm's provider shares by quarter (the figures the app uses), with provenance.
SELECT m.quarter, m.provider_id, p.short_name AS provider, p.color, p.market_group,
       m.share_pct, m.research_firm, m.confidence, m.notes,
       s.publisher, s.url, s.published, s.kind AS source_kind
FROM market_share AS m
JOIN providers AS p USING (provider_id)
JOIN sources AS s USING (source_id)
WHERE m.research_firm = $firm AND m.is_primary
ORDER BY m.quarter, p.sort_order
