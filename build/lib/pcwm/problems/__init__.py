"""The seed problem bank and the offline candidate engine (race-injecting mutations, harmless rewrites).

- `load_bank()` -> `Bank` of `Seed`s (problem, harness, reference, correct implementations); `seed.program(src)`
  -> a sandbox `Program` compiled through the seed's harness.
- `pcwm.problems.mutations`: race-injecting operators on OpenMP source (tree-sitter C/C++ grammars);
  `pcwm.problems.rewrites`: semantics-preserving rewrites; `pcwm.problems.candidates`: run them in the sandbox,
  label them, select a balanced set, report per operator.
"""

from pcwm.problems.bank import Bank, Impl, Seed, SeedError, SeedSpec, load_bank, load_seed

__all__ = ["Bank", "Impl", "Seed", "SeedError", "SeedSpec", "load_bank", "load_seed"]
