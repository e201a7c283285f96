-- Every assumption row the overlap model reads (defaults, mix, revenue, growth), with its source's provenance and its range.
SELECT a.name, a.value, a.unit, a.param, a.provider_id, a.segment_id,
       a.confidence, a.rationale, a.source_id,
       s.publisher, s.url, s.published,
       a.low, a.high, a.range_source_id, rs.url AS range_url
FROM assumptions AS a
LEFT JOIN sources AS s USING (source_id)
LEFT JOIN sources AS rs ON rs.source_id = a.range_source_id
ORDER BY a.param, a.provider_id, a.segment_id, a.name
