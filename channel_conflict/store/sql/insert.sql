INSERT INTO channel_conflict_scenarios (id, name, saved_at, body)
VALUES (%(id)s, %(name)s, %(saved_at)s, %(body)s)
ON CONFLICT (id) DO NOTHING
RETURNING id
