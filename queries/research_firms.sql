-- Research firms with share data, the one with the most recent quarter first.
SELECT research_firm, min(quarter) AS first_quarter, max(quarter) AS last_quarter, count(DISTINCT quarter) AS quarters
FROM market_share
GROUP BY research_firm
ORDER BY last_quarter DESC, research_firm
