-- The data's as-of date: the newest source publication in the file.
SELECT max(published) AS as_of, count(*) AS sources FROM sources
