"""Datasets: candidate records -> typed, deduplicated, decontaminated Hugging Face datasets with SFT views and cards.

- `schema`: `datasets.Features` of every dataset kind and the candidate-record contract producers write;
- `records`: reading inputs (JSONL/Parquet records, the candidate engine's store, distilabel outputs);
- `build`: `pcwm dataset build` (TSan), `caliper`: Caliper pairs; `sft`: prompt/completion/messages views;
- `dedup`: exact + MinHash near-duplicates; `decontam`: n-gram overlap with DataRaceBench and ParEval;
- `cards`: README.md from dataset_cards/; `stats`: figures of a built or pulled folder;
- Hub push/pull: `pcwm.hub`.
"""
