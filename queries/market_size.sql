-- One research firm's quarterly market size, US$ bn, with provenance.
SELECT z.quarter, z.total_usd_bn, z.yoy_growth_pct, z.research_firm, z.confidence, z.notes,
       s.publisher, s.url, s.published, s.kind AS source_kind
FROM market_size AS z
JOIN sources AS s USING (source_id)
WHERE z.research_firm = $firm
ORDER BY z.quarter
