-- Whether the file has the data_version table the build writes (a file made elsewhere may not).
SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'data_version'
