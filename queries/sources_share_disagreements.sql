-- Market-share figures reported two ways: the primary row the app uses beside each alternative, with sources.
SELECT a.quarter, a.research_firm, a.provider_id, coalesce(pr.short_name, pr.name, a.provider_id) AS provider,
       p.share_pct AS used_pct, a.share_pct AS alternative_pct,
       a.notes, sp.url AS used_source_url, sa.url AS alternative_source_url
FROM market_share AS a
LEFT JOIN market_share AS p
       ON p.quarter = a.quarter AND p.provider_id = a.provider_id AND p.research_firm = a.research_firm AND p.is_primary
LEFT JOIN providers AS pr ON pr.provider_id = a.provider_id
LEFT JOIN sources AS sa ON sa.source_id = a.source_id
LEFT JOIN sources AS sp ON sp.source_id = p.source_id
WHERE NOT a.is_primary
ORDER BY a.research_firm, a.quarter, a.provider_id
