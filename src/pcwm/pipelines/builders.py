"""build_<name>_pipeline(recipe) -> distilabel Pipeline, for the recipe kinds `tsan`, `caliper` and `offline`.

Leaf steps (= subsets of the output Distiset):
- offline: `candidates` (every candidate with its status and outcome), `no_cot` (SFT rows, code -> TSan outcome);
- tsan: `candidates`, `no_cot`, `hindsight` / `no_hindsight` / `no_hindsight_filtered` (SFT rows with accepted
  CoTs) and `<kind>_cot_log` (every CoT sample's verdict, for the drop counts of the summary);
- caliper: `candidates`, `pairs_no_cot` (pair -> both work-% outcomes), `pairs_hindsight` (with accepted CoTs),
  `pair_cot_log`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from distilabel.pipeline import Pipeline
from distilabel.steps import StepResources

from pcwm.cluster import NODE_RESOURCE
from pcwm.config import COT_MODES
from pcwm.models.llms import build_llm
from pcwm.pipelines.steps import (
    CandidateGeneration,
    CandidateRecords,
    CoTLog,
    FormatSFT,
    HarnessGeneration,
    HindsightCoT,
    LoadSeedBank,
    MakePairs,
    MutationCandidates,
    NoHindsightCoT,
    NoHindsightFilteredCoT,
    PairCoT,
    ProblemVariants,
    Sandbox,
)

if TYPE_CHECKING:
    from pcwm.config import GenerateRecipe


def _llm_kwargs(recipe: GenerateRecipe, key: str) -> dict:
    """llm, input batch size and replicas of a step driven by model `key` of the recipe."""
    spec = recipe.models[key]
    return {
        "llm": build_llm(spec, name=key),
        "input_batch_size": spec.batch_size,
        "resources": StepResources(replicas=spec.replicas, gpus=spec.gpus),
    }


def _loader(recipe: GenerateRecipe) -> LoadSeedBank:
    p = recipe.problems
    return LoadSeedBank(name="load_seeds", seeds_dir=p.seeds_dir, domains=p.domains or None, ids=p.ids or None,
                        limit=p.limit, batch_size=recipe.run.batch_size)


def _problems(recipe: GenerateRecipe, loader):
    """The step whose rows are the problems candidates are written for (seeds, or validated variants)."""
    step = loader
    if recipe.problems.variants > 0:
        variants = ProblemVariants(name="problem_variants", num_variants=recipe.problems.variants,
                                   include_seed=recipe.problems.include_seed,
                                   **_llm_kwargs(recipe, recipe.problems.variants_model))
        step = step >> variants
    if recipe.harness.source == "llm":
        harness = HarnessGeneration(name="harness_generation", validate_threads=recipe.harness.validate_threads,
                                    **_llm_kwargs(recipe, recipe.harness.model))
        step = step >> harness
    return step


def sandbox_resources(recipe: GenerateRecipe, tool: str) -> tuple[int, StepResources]:
    """Worker threads per Sandbox replica and what each replica asks Ray for.

    Locally: `sandbox.jobs` threads (0: all cores) and replicas only. On Ray a replica cannot know its node's cores
    in advance, so it runs `jobs` threads (0 counts as 1) and declares that many CPUs, and Ray packs replicas onto
    nodes by CPU; a work-% replica also takes the node's one `pcwm_node` token, so two profiles never share a node.
    """
    s = recipe.sandbox
    if recipe.run.engine != "ray":
        return s.jobs, StepResources(replicas=s.replicas)
    jobs = s.jobs or 1
    extra = {"resources": {NODE_RESOURCE: 1}} if tool == "workpct" else {}
    return jobs, StepResources(replicas=s.replicas, cpus=jobs, **extra)


def _sandbox(recipe: GenerateRecipe, tool: str) -> Sandbox:
    s = recipe.sandbox
    jobs, resources = sandbox_resources(recipe, tool)
    return Sandbox(
        name="sandbox", tool=tool, threads=s.threads, runs=s.runs, timeout_s=s.timeout_s, stop_on_race=s.stop_on_race,
        jobs=jobs, profile_threads=s.profile.threads, profile_repeats=s.profile.repeats,
        profile_backend=s.profile.backend, profile_value=s.profile.value, input_batch_size=s.batch_size,
        resources=resources,
    )


def _candidates(recipe: GenerateRecipe, loader, problems, tool: str) -> Sandbox:
    """Every candidate source (one CandidateGeneration per model, the offline engine) feeding one Sandbox step."""
    c = recipe.candidates
    sources = [
        problems >> CandidateGeneration(
            name=f"candidates_{key}", k=c.per_model or c.per_problem, zoo=[] if c.per_model else list(c.models),
            zoo_index=i, assign_seed=c.assign_seed, **_llm_kwargs(recipe, key))
        for i, key in enumerate(c.models)
    ]
    if c.seed_impls or c.mutations.enabled:
        engine = MutationCandidates(
            name="mutation_candidates", originals=c.seed_impls,
            mutate=c.mutations.enabled, operators=c.mutations.operators, max_sites=c.mutations.max_per_impl,
        )
        sources.append(loader >> engine)
    sandbox = _sandbox(recipe, tool)
    for s in sources:
        s >> sandbox
    sandbox >> CandidateRecords(name="candidates")
    return sandbox


def build_offline_pipeline(recipe: GenerateRecipe) -> Pipeline:
    """Seed bank + mutations -> TSan -> no-CoT SFT rows. No LLM, no GPU, no network."""
    with Pipeline(name=recipe.name, description=recipe.description or "pcwm offline TSan dataset") as pipeline:
        loader = _loader(recipe)
        sandbox = _candidates(recipe, loader, loader, "tsan")
        sandbox >> FormatSFT(name="no_cot", mode="no_cot")
    return pipeline


def build_tsan_pipeline(recipe: GenerateRecipe) -> Pipeline:
    """Problems -> candidates (LLM zoo and/or offline engine) -> TSan -> hindsight CoT -> SFT rows."""
    with Pipeline(name=recipe.name, description=recipe.description or "pcwm TSan world-model data") as pipeline:
        loader = _loader(recipe)
        sandbox = _candidates(recipe, loader, _problems(recipe, loader), "tsan")
        sandbox >> FormatSFT(name="no_cot", mode="no_cot")
        cot = recipe.cot
        classes = {"hindsight": HindsightCoT, "no_hindsight": NoHindsightCoT,
                   "no_hindsight_filtered": NoHindsightFilteredCoT}
        for kind in COT_MODES[cot.mode]:
            extra = {"template": cot.prompt} if cot.prompt else {}
            task = classes[kind](name=f"{kind}_cot", num_generations=cot.num_generations, **extra,
                                 **_llm_kwargs(recipe, cot.model))
            sandbox >> task >> [FormatSFT(name=kind, mode=kind), CoTLog(name=f"{kind}_cot_log")]
    return pipeline


def build_caliper_pipeline(recipe: GenerateRecipe) -> Pipeline:
    """Problems -> candidates -> work-% profiles -> same-condition pairs -> pair CoT -> SFT rows."""
    with Pipeline(name=recipe.name, description=recipe.description or "pcwm Caliper world-model data") as pipeline:
        loader = _loader(recipe)
        sandbox = _candidates(recipe, loader, _problems(recipe, loader), "workpct")
        pairs = MakePairs(name="pairs", value=recipe.sandbox.profile.value,
                          max_pairs_per_problem=recipe.pairs.per_problem, seed=recipe.pairs.seed)
        sandbox >> pairs >> FormatSFT(name="pairs_no_cot", mode="pair_no_cot")
        if recipe.cot.mode != "none":
            extra = {"template": recipe.cot.prompt} if recipe.cot.prompt else {}
            task = PairCoT(name="pair_cot", num_generations=recipe.cot.num_generations, **extra,
                           **_llm_kwargs(recipe, recipe.cot.model))
            pairs >> task >> [FormatSFT(name="pairs_hindsight", mode="pair"), CoTLog(name="pair_cot_log")]
    return pipeline


BUILDERS = {"tsan": build_tsan_pipeline, "caliper": build_caliper_pipeline, "offline": build_offline_pipeline}


def build_pipeline(recipe: GenerateRecipe) -> Pipeline:
    return BUILDERS[recipe.pipeline](recipe)
