-- The payment profiles the model spreads each deal's value by: a reported slope per deal
-- (param deal_ramp, name profile.<contract_id>) and the default for undisclosed schedules.
SELECT name, value, param
FROM assumptions
WHERE param = 'deal_ramp' OR name = 'undisclosed_ramp'
ORDER BY name
