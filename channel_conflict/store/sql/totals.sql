-- All saved scenarios, and those saved in the last minute (the store-wide save rate).
SELECT count(*), count(*) FILTER (WHERE saved_at > now() - interval '1 minute')
FROM channel_conflict_scenarios
