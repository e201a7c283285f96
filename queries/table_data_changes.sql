-- Every row of data_changes (the log of changes to existing rows), newest first, with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM data_changes AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.change_date DESC, t.table_name, t.row_key
