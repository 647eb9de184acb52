"""Evaluation tasks: one class per suite kind, found by its `kind` in a registry."""

from pathlib import Path

TASK_TEMPLATES = Path(__file__).parent / "templates"  # the tasks' own (actor) prompts, after the world model's
