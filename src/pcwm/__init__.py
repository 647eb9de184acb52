"""pcwm: Parallel-Code World Models.

Data engine (problems, candidates, sandboxed tool runs, hindsight chains of thought), Hub datasets, TRL training
recipes and evaluation suites for LLMs that predict ThreadSanitizer and Caliper outcomes from OpenMP source.
Nothing heavy is imported here: `import pcwm` stays fast.
"""

__version__ = "0.1.0"
