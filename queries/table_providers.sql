-- Every provider as stored (a reference table: no per-row source), in display order.
SELECT * FROM providers ORDER BY sort_order, provider_id
