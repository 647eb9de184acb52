-- dataracebench: race-prediction scores per model, overall and on the clean / excluded subsets (see evals/drb.py).
-- Inputs: view `items` (suite_drb.ITEM_SCHEMA) and view `generations` (suite_drb.GEN_SCHEMA, one row per sample).
-- accuracy: per program, the share of its samples whose parsed verdict (race = at least one race listed) equals
--   the file-name label; then the mean over programs (the paper: 16 samples at temperature 0.6). An unparseable
--   sample counts as wrong.
-- majority_accuracy: per program one vote over all its samples; race when more than half say race, no race when
--   more than half say no race; otherwise (tie, too many unparseable samples) the vote is wrong.
-- precision / recall: over samples (race is the positive class); parse_rate: share of samples that parsed.
WITH subsets AS (
    SELECT i.*, s.subset
    FROM items AS i
    CROSS JOIN (VALUES ('overall'), ('clean'), ('excluded')) AS s(subset)
    WHERE s.subset = 'overall' OR (s.subset = 'clean' AND i.clean) OR (s.subset = 'excluded' AND NOT i.clean)
),
samples AS (
    SELECT g.model, s.subset, s.item_id, s.has_race, g.parsed, g.pred_race,
           COALESCE(g.parsed AND g.pred_race = s.has_race, FALSE) AS correct
    FROM generations AS g
    JOIN subsets AS s USING (item_id)
),
programs AS (
    SELECT model, subset, item_id, any_value(has_race) AS has_race, count(*) AS n,
           avg(correct::INT) AS sample_accuracy,
           count(*) FILTER (WHERE pred_race) AS n_race,
           count(*) FILTER (WHERE NOT pred_race) AS n_no_race
    FROM samples
    GROUP BY model, subset, item_id
),
per_program AS (
    SELECT model, subset, count(*) AS programs, avg(sample_accuracy) AS accuracy,
           avg(CASE WHEN has_race THEN (n_race * 2 > n)::INT ELSE (n_no_race * 2 > n)::INT END) AS majority_accuracy
    FROM programs
    GROUP BY model, subset
),
per_sample AS (
    SELECT model, subset, count(*) AS samples,
           count(*) FILTER (WHERE pred_race AND has_race)
               / NULLIF(count(*) FILTER (WHERE pred_race), 0) AS "precision",
           count(*) FILTER (WHERE pred_race AND has_race) / NULLIF(count(*) FILTER (WHERE has_race), 0) AS recall,
           avg(parsed::INT) AS parse_rate
    FROM samples
    GROUP BY model, subset
)
SELECT p.model, p.subset, p.programs, s.samples, p.accuracy, p.majority_accuracy, s."precision", s.recall,
       s.parse_rate
FROM per_program AS p
JOIN per_sample AS s USING (model, subset)
ORDER BY p.subset = 'overall' DESC, p.subset, p.accuracy DESC, p.model;
