-- dataracebench: compute cost of a world-model call per model (the paper's Table 'Compute Cost Analysis of World
-- Models after SFT'): parameters, average response length, FLOPs per response and accuracy.
-- Inputs: view `items` and view `generations` (suite_drb; token counts and model_params from pcwm.evals.run).
-- params: `model_params` when the backend knew it (local transformers), else read from the model name ("...-7B...").
-- tflops_per_response: 2 x parameters x tokens processed per response (prompt + completion), / 1e12: the usual
--   forward-pass estimate (attention over the context is left out). tflops_generated: the same for the completion
--   tokens only. The paper's own figures are larger than 2 x N x tokens (see reported.yaml): compare models with
--   each other, not these numbers with the paper's.
-- accuracy: as drb_summary's (mean over programs of the share of correct samples; unparseable = wrong).
-- counted: samples whose token counts the backend reported (baselines and some servers report none).
WITH params AS (
    SELECT model,
           COALESCE(max(model_params)::DOUBLE,
                    max(TRY_CAST(regexp_extract(model, '(?:^|[^0-9.])(\d+(?:\.\d+)?)[bB](?:[^a-zA-Z]|$)', 1)
                                 AS DOUBLE)) * 1e9) AS params
    FROM generations
    GROUP BY model
),
per_program AS (
    SELECT g.model, g.item_id, avg(COALESCE(g.parsed AND g.pred_race = i.has_race, FALSE)::INT) AS accuracy
    FROM generations AS g
    JOIN items AS i USING (item_id)
    GROUP BY g.model, g.item_id
),
tokens AS (
    SELECT model, count(*) AS samples, count(completion_tokens) AS counted,
           avg(completion_tokens) AS avg_response_tokens, avg(prompt_tokens) AS avg_prompt_tokens,
           avg(prompt_tokens + completion_tokens) AS avg_tokens
    FROM generations
    GROUP BY model
)
SELECT t.model, p.params, t.samples, t.counted, t.avg_response_tokens, t.avg_prompt_tokens,
       2 * p.params * t.avg_tokens / 1e12 AS tflops_per_response,
       2 * p.params * t.avg_response_tokens / 1e12 AS tflops_generated,
       a.accuracy
FROM tokens AS t
JOIN params AS p USING (model)
JOIN (SELECT model, avg(accuracy) AS accuracy FROM per_program GROUP BY model) AS a USING (model)
ORDER BY t.model;
