-- The assumed first and last year for deals whose period is undisclosed, with rationale.
SELECT name, value, unit, rationale, confidence
FROM assumptions
WHERE name IN ('undisclosed_term_start_year', 'undisclosed_term_end_year')
ORDER BY name DESC
