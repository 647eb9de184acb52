-- dataracebench: accuracy per P-label of DRB-metainfo.json (a program with several labels counts under each).
-- Inputs: views `items` and `generations` (see drb_summary.sql); accuracy = mean over programs of the share of
-- correct samples, an unparseable sample counting as wrong.
WITH labelled AS (
    SELECT item_id, has_race, unnest(plabels) AS plabel
    FROM items
    WHERE len(plabels) > 0
),
programs AS (
    SELECT g.model, l.plabel, l.item_id, avg(COALESCE(g.parsed AND g.pred_race = l.has_race, FALSE)::INT) AS acc
    FROM generations AS g
    JOIN labelled AS l USING (item_id)
    GROUP BY g.model, l.plabel, l.item_id
)
SELECT model, plabel, count(*) AS programs, avg(acc) AS accuracy
FROM programs
GROUP BY model, plabel
ORDER BY plabel, model;
