-- racefix: share of racy DRB programs that are race-free after one pass of the fixing loop, per actor x feedback
-- source (the paper's table). Input: view `generations` (suite_racefix.GEN_SCHEMA, one row per fix attempt).
-- race_free_pct: the sandbox found the fixed program compiling and running without a race report (and, when the
--   suite sets require_parallel, still containing an OpenMP pragma), in percent of attempts.
-- compile_pct: the fixed program compiled; extracted_pct: the actor's reply held a code block.
SELECT model AS actor,
       CASE WHEN feedback = 'world_model' THEN 'world_model:' || world_model ELSE feedback END AS feedback,
       count(DISTINCT item_id) AS programs,
       count(*) AS attempts,
       100 * avg(fixed::INT) AS race_free_pct,
       100 * avg(compiles::INT) AS compile_pct,
       100 * avg(extracted::INT) AS extracted_pct
FROM generations
GROUP BY ALL
ORDER BY actor, feedback;
