-- The data's as-of date: the newest date in the file, a source's publication or a logged correction
-- (the same date the data version starts with, so a footer never shows two).
SELECT greatest(max(published), coalesce((SELECT max(change_date) FROM data_changes), max(published))) AS as_of,
       count(*) AS sources
FROM sources
