SELECT count(*) FROM channel_conflict_scenarios
