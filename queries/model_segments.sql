-- The customer segments of the overlap model, in display order.
SELECT segment_id, name, description, sort_order
FROM segments
ORDER BY sort_order, segment_id
