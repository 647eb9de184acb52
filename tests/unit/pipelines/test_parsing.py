"""Reading LLM responses: numbered tags, code fences, the verbatim answer check."""

from __future__ import annotations

from pcwm.pipelines.parsing import answer_matches, code_block, numbered_blocks, strategy_line, tag_block
from pcwm.worldmodel import outcomes

RESPONSE = """Sure, here they are.
<implementation_1>
Strategy: parallel for with a reduction
```c
#include <omp.h>
double f(int n) { double s = 0;
#pragma omp parallel for reduction(+:s)
for (int i = 0; i < n; i++) s += i; return s; }
```
</implementation_1>
<implementation_2>
Strategy: tasks
```cpp
int g();
```
"""


def test_numbered_blocks_in_order_and_unclosed_last():
    blocks = numbered_blocks(RESPONSE, "implementation")
    assert len(blocks) == 2
    assert strategy_line(blocks[0]) == "parallel for with a reduction"
    assert "reduction(+:s)" in code_block(blocks[0], "c")
    assert code_block(blocks[1], "cpp") == "int g();\n"
    assert numbered_blocks("<variant_2>b</variant_2><variant_1>a</variant_1>", "variant") == ["a", "b"]
    assert numbered_blocks(None, "variant") == []


def test_tag_block_and_missing():
    assert tag_block("<harness>\nx\n</harness>", "harness") == "x"
    assert tag_block("nothing", "harness") is None
    assert code_block("no fences", "c") is None


def test_answer_check_is_verbatim():
    races = [{"type": "read/write race", "code_locations": ["generated.c:9", "generated.c:10"]}]
    expected = outcomes.render_tsan(races)
    good = f"<think>\nreasoning\n</think>\n<answer>\n{expected}  \n</answer>"
    assert answer_matches(good, expected) == (True, "")
    one_line = expected.replace("\n", " ")
    assert answer_matches(f"<think>x</think><answer>{one_line}</answer>", expected) == (False, "mismatch")
    assert answer_matches(f"<answer>{expected}</answer>", expected) == (False, "no_reasoning")
    assert answer_matches("<think>x</think>", expected) == (False, "no_answer")
    assert answer_matches(None, expected) == (False, "no_response")
