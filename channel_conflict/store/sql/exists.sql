SELECT 1 FROM channel_conflict_scenarios WHERE id = %(id)s
