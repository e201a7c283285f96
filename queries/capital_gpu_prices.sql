-- Every GPU rental price row (US$ per GPU-hour, low-high by tier and month), null levels included, with sources.
SELECT g.as_of, g.gpu, g.provider_tier, g.price_low_usd, g.price_high_usd, g.pricing,
       g.confidence, g.notes, g.source_id, s.publisher, s.url, s.published
FROM gpu_prices AS g
JOIN sources AS s USING (source_id)
ORDER BY g.as_of, g.gpu, g.provider_tier
