"""Importable distilabel steps of the data engine (importable so dumped pipeline YAMLs load anywhere).

Data flow (columns are documented on each class):
    LoadSeedBank -> [ProblemVariants -> HarnessGeneration] -> CandidateGeneration (one per model) / MutationCandidates
    -> Sandbox -> CandidateRecords (all rows) | HindsightCoT / NoHindsightCoT[Filtered] -> FormatSFT + CoTLog
                                              | MakePairs -> PairCoT -> FormatSFT + CoTLog (Caliper)
"""

from pcwm.pipelines.steps.cot import HindsightCoT, NoHindsightCoT, NoHindsightFilteredCoT, PairCoT
from pcwm.pipelines.steps.format import CandidateRecords, CoTLog, FormatSFT
from pcwm.pipelines.steps.generation import CandidateGeneration, HarnessGeneration, ProblemVariants
from pcwm.pipelines.steps.mutations import MutationCandidates
from pcwm.pipelines.steps.pairs import MakePairs
from pcwm.pipelines.steps.sandbox import Sandbox
from pcwm.pipelines.steps.seeds import LoadSeedBank

__all__ = [
    "CandidateGeneration", "CandidateRecords", "CoTLog", "FormatSFT", "HarnessGeneration", "HindsightCoT",
    "LoadSeedBank", "MakePairs", "MutationCandidates", "NoHindsightCoT", "NoHindsightFilteredCoT", "PairCoT",
    "ProblemVariants", "Sandbox",
]
