-- Every quarter one research firm has a market size or share figure for, with which of the two it has.
SELECT quarter, bool_or(has_size) AS has_size, bool_or(has_share) AS has_share
FROM (
    SELECT quarter, true AS has_size, false AS has_share FROM market_size WHERE research_firm = $firm
    UNION ALL
    SELECT quarter, false, true FROM market_share WHERE research_firm = $firm AND is_primary
) AS q
GROUP BY quarter
ORDER BY quarter
