"""The paper's reported numbers (reported.yaml beside this module) as a `pcwm.yamlconf.Strict` model.

The leaderboard shows them in their own "reported" section, never mixed with measured rows. Each table has a title,
the place in the paper it comes from, its column names and rows whose first cell names the model; every row has one
cell per column (a transcription slip is an error naming the table and the row, not a ragged table).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from pcwm.yamlconf import Strict, load_yaml

REPORTED = Path(__file__).parent / "reported.yaml"

Cell = str | int | float


class ReportedTable(Strict):
    title: str
    source: str  # where in the paper, e.g. "paper, Table 'Importance of Teaching to Think'"
    columns: list[str] = Field(min_length=2)
    rows: list[list[Cell]] = Field(min_length=1)

    @model_validator(mode="after")
    def _rectangular(self) -> ReportedTable:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"rows.{i} has {len(row)} cells for {len(self.columns)} columns ({self.title})")
        return self


class ReportedNumbers(Strict):
    tables: list[ReportedTable] = Field(min_length=1)


def load_reported(path: str | Path = REPORTED) -> ReportedNumbers:
    """The reported tables of `path` (default: the shipped reported.yaml); ConfigError naming file and key."""
    return load_yaml(path, ReportedNumbers)
