-- One row of facts that say whether each known gap in the data is still open.
SELECT
    (SELECT count(*) FROM market_share WHERE research_firm = 'Synergy' AND quarter = '2024Q4') AS synergy_2024q4_rows,
    (SELECT max(quarter) FROM market_share) AS last_share_quarter,
    (SELECT max(quarter) FROM market_size) AS last_size_quarter,
    (SELECT count(*) FROM contracts WHERE seller_id = 'google' AND value_usd_bn IS NOT NULL) AS google_valued_rows,
    (SELECT count(*) FROM contracts WHERE seller_id = 'google') AS google_rows,
    (SELECT max(event_date) FROM events) AS latest_event
