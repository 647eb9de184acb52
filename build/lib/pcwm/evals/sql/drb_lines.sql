-- dataracebench: line-level agreement with DRB's annotated race pairs, per model.
-- Scored samples: racy programs that carry annotations, where the sample predicted a race.
-- pair_agreement: some predicted race spans exactly an annotated pair (its lowest and highest line equal the pair;
--   the same rule as `pcwm eval oracle`'s line-pair agreement). line_agreement: some predicted line is an annotated
--   line. Inputs: views `items` and `generations` (see drb_summary.sql).
WITH scored AS (
    SELECT g.model, g.item_id, g.pred_pairs, g.pred_lines, i.annotated_pairs,
           flatten(list_transform(i.annotated_pairs, lambda x: [x.lo, x.hi])) AS annotated_lines
    FROM generations AS g
    JOIN items AS i USING (item_id)
    WHERE i.has_race AND g.pred_race AND len(i.annotated_pairs) > 0
)
SELECT model, count(*) AS samples, count(DISTINCT item_id) AS programs,
       avg(list_has_any(pred_pairs, annotated_pairs)::INT) AS pair_agreement,
       avg(list_has_any(pred_lines, annotated_lines)::INT) AS line_agreement
FROM scored
GROUP BY model
ORDER BY pair_agreement DESC, model;
