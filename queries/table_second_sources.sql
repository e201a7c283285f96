-- Every row of second_sources (a further source behind a fact row), with that source's url, publisher, date and kind.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published, s.kind AS source_kind
FROM second_sources AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.table_name, t.row_key, t.source_id
