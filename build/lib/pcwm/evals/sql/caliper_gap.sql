-- pareval_caliper: ranking agreement by measured work-% gap bucket (the paper's figure: <10, 10-20, 20-30, 30-40,
-- >40 points; the suite's gap_buckets set the edges), pooled over thread counts, per model.
-- Same rules as caliper_ranking.sql: ties left out, predicted ties and unparseable answers wrong.
WITH preds AS (
    SELECT g.model, g.item_id, g.sample, p.threads, p.a, p.b
    FROM generations AS g, unnest(g.pred) AS u(p)
),
scored AS (
    SELECT g.model, i.gap_bucket, i.bucket_order, i.item_id, i.threads,
           COALESCE(sign(p.a - p.b) = sign(i.work_a - i.work_b), FALSE) AS correct
    FROM generations AS g
    JOIN items AS i USING (item_id)
    LEFT JOIN preds AS p ON p.model = g.model AND p.item_id = g.item_id AND p.sample = g.sample
                          AND p.threads = i.threads
    WHERE NOT i.tie
)
SELECT model, gap_bucket, count(DISTINCT (item_id, threads)) AS comparisons, avg(correct::INT) AS accuracy
FROM scored
GROUP BY model, gap_bucket, bucket_order
ORDER BY model, bucket_order;
