-- Every row of fab_support (CHIPS Act awards and their changes, DOE LPO precedents), with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM fab_support AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.program, t.company, t.announced, t.support_id
