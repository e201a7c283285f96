-- Every row of fab_projects (chip fabs that public support is tied to), with its source's url, publisher and date.
SELECT t.*, s.url AS source_url, s.publisher AS source_publisher, s.published AS source_published
FROM fab_projects AS t
LEFT JOIN sources AS s USING (source_id)
ORDER BY t.company, t.project_id
