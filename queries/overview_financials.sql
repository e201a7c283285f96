-- OpenAI's reported financial figures (commitments, revenue, funding, valuation), with provenance.
SELECT f.metric, f.period, f.value, f.unit, f.confidence, f.notes, s.publisher, s.url, s.published
FROM openai_financials AS f
JOIN sources AS s USING (source_id)
ORDER BY f.metric, f.period
