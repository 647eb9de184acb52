"""A loopback OpenAI-compatible chat server (stdlib http.server in a thread) that answers like served reasoning
teachers do, in each real response shape.

It plays a teacher that can do the task: for a hindsight prompt it reasons (a fixed text about the code) and writes
the answer block the prompt spells out, in the response shape of its turn:
- `reasoning`: current vLLM with a reasoning parser (`--reasoning-parser deepseek_r1` for QwQ-32B): the model's own
  reasoning in `message.reasoning`, and in `content` the in-filled `<think>` block + `<answer>` the prompt asks for;
- `reasoning_content`: older vLLM, and GPT-OSS through `--reasoning-parser openai_gptoss` (its analysis channel):
  the CoT in `message.reasoning_content`, only the `<answer>` block in `content`;
- `closing_tag`: QwQ-32B without a parser (its chat template opens `<think>` in the prompt): reasoning, a lone
  `</think>`, then the answer;
- `think_block`: a full `<think>...</think>` block, then the answer.
Every other turn of each shape leaks: its CoT cites the outcome it was given, as teachers do. `turns` records what
was answered (shape, leaked, expected answer); `usage` gives word counts as token counts.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from openai_loopback import completion, serving
from pcwm.worldmodel import outcomes

SHAPES = ("reasoning", "reasoning_content", "closing_tag", "think_block")
CLEAN_COT = ("Line by line: the loop is split among the threads by the worksharing construct. Each iteration "
             "reads and writes its own element, and the shared accumulator is combined by the reduction clause, "
             "so the question is whether any other line touches shared data without synchronization.")
LEAKY_COT = ("The given answer lists the races, so I need to make my reasoning arrive there. Looking at the loop, "
             "the accumulator is updated by every thread.")
PRIVATE = ("Okay, the user wants me to in-fill a chain of thought that ends at the provided answer without saying "
           "so. Let me write it.")


@dataclass
class Turn:
    shape: str
    leaked: bool
    answer: str | None


@dataclass
class ReasoningServer:
    url: str = ""
    turns: list[Turn] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reply(self, prompt: str) -> tuple[dict, Turn]:
        """The chat message for one request, in the shape of this turn."""
        with self.lock:
            n = len(self.turns)
            shape, leaked = SHAPES[n % len(SHAPES)], (n // len(SHAPES)) % 2 == 1
            turn = Turn(shape, leaked, None)
            self.turns.append(turn)
        # The hindsight prompts spell the answer out; the no-hindsight prompt only shows its format (a template).
        answer = outcomes.answer_block(prompt) if "verbatim" in prompt else None
        turn.answer = answer
        body = answer if answer is not None else f"{outcomes.TSAN_HEADER}\n\n[]"
        cot = LEAKY_COT if leaked else CLEAN_COT
        final = f"<answer>\n{body}\n</answer>"
        if shape == "reasoning":
            return {"role": "assistant", "reasoning": PRIVATE, "content": f"<think>\n{cot}\n</think>\n{final}"}, turn
        if shape == "reasoning_content":
            return {"role": "assistant", "reasoning_content": cot, "content": final}, turn
        if shape == "closing_tag":
            return {"role": "assistant", "content": f"{cot}\n</think>\n\n{final}"}, turn
        return {"role": "assistant", "content": f"<think>\n{cot}\n</think>\n{final}"}, turn


def respond(server: ReasoningServer, body: dict) -> dict:
    """One chat.completion with `n` choices, each in the shape the server is at; usage counts words."""
    prompt = body["messages"][-1]["content"]
    messages, words = [], 0
    for _ in range(int(body.get("n") or 1)):
        message, _ = server.reply(prompt)
        words += sum(len(str(v).split()) for k, v in message.items() if k != "role")
        messages.append(message)
    return completion(f"reasoning-{len(server.turns)}", body["model"], messages, len(prompt.split()), words)


@contextlib.contextmanager
def serve() -> Iterator[ReasoningServer]:
    """A ReasoningServer on loopback (`.url` is its /v1 base URL), shut down afterwards."""
    state = ReasoningServer()
    with serving(lambda body: respond(state, body)) as url:
        state.url = url
        yield state
