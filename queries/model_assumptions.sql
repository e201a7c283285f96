-- Every assumption row the overlap model reads (defaults, mix, revenue, growth), with its source's provenance.
SELECT a.name, a.value, a.unit, a.param, a.provider_id, a.segment_id,
       a.confidence, a.rationale, a.source_id,
       s.publisher, s.url, s.published
FROM assumptions AS a
LEFT JOIN sources AS s USING (source_id)
ORDER BY a.param, a.provider_id, a.segment_id, a.name
