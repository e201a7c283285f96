-- Every customer segment of the overlap model as stored (a reference table: no per-row source).
SELECT * FROM segments ORDER BY sort_order, segment_id
