-- Saved overlap scenarios, shared by every replica. Rows are immutable: a trigger refuses UPDATE.
CREATE TABLE IF NOT EXISTS channel_conflict_scenarios (
    id       text        PRIMARY KEY,
    name     text        NOT NULL,
    saved_at timestamptz NOT NULL,
    body     bytea       NOT NULL
);
CREATE INDEX IF NOT EXISTS channel_conflict_scenarios_saved_at ON channel_conflict_scenarios (saved_at DESC, id);
CREATE OR REPLACE FUNCTION channel_conflict_scenarios_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'saved scenarios are immutable';
END $$;
CREATE OR REPLACE TRIGGER channel_conflict_scenarios_no_update
    BEFORE UPDATE ON channel_conflict_scenarios FOR EACH ROW EXECUTE FUNCTION channel_conflict_scenarios_immutable();
