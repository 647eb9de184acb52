"""pcwm: Parallel-Code World Models.

Data engine (problems, candidates, sandboxed tool runs, hindsight chains of thought), Hub datasets, TRL training
recipes and evaluation suites for LLMs that predict ThreadSanitizer and Caliper outcomes from OpenMP source.
Nothing heavy is imported here: `import pcwm` stays fast.
"""

__version__ = "0.1.0"

_LAZY = {"predict", "Prediction", "TOOL_SPEC", "call_tool"}  # from pcwm.predict, imported on first use


def __getattr__(name: str):
    """`pcwm.predict(code, ...)`, `pcwm.TOOL_SPEC`, ... without importing the prediction stack at `import pcwm`."""
    if name in _LAZY:
        import importlib

        module = importlib.import_module("pcwm.predict")  # a callable package: pcwm.predict(code) predicts
        return module if name == "predict" else getattr(module, name)
    raise AttributeError(f"module 'pcwm' has no attribute {name!r}")
