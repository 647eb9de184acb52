-- pareval_caliper: agreement of the predicted work-% ranking of a solution pair with the measured one, per model and
-- thread count, and averaged over thread counts ('avg' row: mean of the per-thread accuracies).
-- Inputs: view `items` (suite_caliper.ITEM_SCHEMA: one row per pair and thread count, with measured work_a,
-- work_b, gap = |work_a - work_b| and tie) and view `generations` (suite_caliper.GEN_SCHEMA: one row per sample,
-- pred = list of {threads, a, b} predicted work % per code, each the mean over that code's predicted regions).
-- Ties: a pair whose measured gap is below the suite's tie_points at a thread count has no true ranking; it is left
-- out of the accuracy there and counted in `ties`. A predicted tie (a = b), a missing thread count or an
-- unparseable answer counts as a wrong ranking.
WITH preds AS (
    SELECT g.model, g.item_id, g.sample, p.threads, p.a, p.b
    FROM generations AS g, unnest(g.pred) AS u(p)
),
scored AS (
    SELECT g.model, i.item_id, i.threads, g.sample, i.tie,
           COALESCE(sign(p.a - p.b) = sign(i.work_a - i.work_b), FALSE) AS correct
    FROM generations AS g
    JOIN items AS i USING (item_id)
    LEFT JOIN preds AS p ON p.model = g.model AND p.item_id = g.item_id AND p.sample = g.sample
                          AND p.threads = i.threads
),
per_thread AS (
    SELECT model, threads::VARCHAR AS threads, count(DISTINCT item_id) FILTER (WHERE NOT tie) AS pairs,
           count(DISTINCT item_id) FILTER (WHERE tie) AS ties,
           avg(correct::INT) FILTER (WHERE NOT tie) AS accuracy
    FROM scored
    GROUP BY model, threads
)
SELECT model, threads, pairs, ties, accuracy FROM per_thread
UNION ALL
SELECT model, 'avg' AS threads, sum(pairs) AS pairs, sum(ties) AS ties, avg(accuracy) AS accuracy
FROM per_thread
GROUP BY model
ORDER BY model, threads = 'avg', try_cast(threads AS INTEGER);
