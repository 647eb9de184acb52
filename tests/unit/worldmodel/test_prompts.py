"""Template lookup of the world model's prompts: its own folder, then the folders a caller adds, or a path."""

from __future__ import annotations

import pytest

from pcwm.evals.tasks import TASK_TEMPLATES
from pcwm.worldmodel.prompts import TEMPLATES, template_path, user_prompt


def test_world_model_templates_are_found_by_name_and_task_prompts_only_when_searched():
    assert template_path("tsan_predict.j2") == TEMPLATES / "tsan_predict.j2"
    with pytest.raises(FileNotFoundError, match="racefix_edit.j2.*worldmodel/templates"):
        template_path("racefix_edit.j2")
    assert template_path("racefix_edit.j2", (TEMPLATES, TASK_TEMPLATES)) == TASK_TEMPLATES / "racefix_edit.j2"


def test_a_template_path_renders_with_its_variables_and_a_missing_variable_is_an_error(tmp_path):
    t = tmp_path / "ask.j2"
    t.write_text("Is line {{ line }} racy?\n")
    p = user_prompt(str(t), {"item_id": "x"}, line=7)
    assert p.messages == [{"role": "user", "content": "Is line 7 racy?\n"}] and p.meta == {"item_id": "x"}
    assert p.hash == user_prompt(str(t), line=7).hash != user_prompt(str(t), line=8).hash
    with pytest.raises(Exception, match="line"):
        user_prompt(str(t))
