-- The capital page's assumptions (build-out, financing, depreciation, GPU-hour cost), with their sources.
SELECT a.name, a.value, a.unit, a.rationale, a.confidence, a.source_id,
       s.publisher, s.url, s.published
FROM assumptions AS a
LEFT JOIN sources AS s USING (source_id)
WHERE a.param IN ('buildout_usd_bn', 'buildout_years', 'debt_share', 'spread_cut_bps', 'base_rate_pct',
                  'server_life_years', 'accelerator_cadence_months', 'gpu_capex_usd', 'gpu_opex_usd_per_hour',
                  'gpu_utilisation', 'cost_of_capital_pct', 'base_year')
ORDER BY a.name
