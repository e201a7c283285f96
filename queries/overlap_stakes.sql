-- Each partner's stake in OpenAI or investment into it, and OpenAI's stake in it, for the one-partner view.
SELECT e.provider_id, e.metric, e.period, e.value, e.unit, e.confidence, e.notes, s.url
FROM partner_exposure AS e
LEFT JOIN sources AS s USING (source_id)
WHERE e.metric IN ('stake_in_openai', 'investment_in_openai', 'openai_stake', 'revenue_share_from_openai_pct')
ORDER BY e.provider_id, e.period
