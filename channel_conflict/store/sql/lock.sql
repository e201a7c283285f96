-- Serialises schema set-up and the count-then-insert of saves across replicas (until commit).
SELECT pg_advisory_xact_lock(7261530418)
