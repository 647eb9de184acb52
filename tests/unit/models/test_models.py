"""pcwm.models: spec strings -> model objects (the registry), the tiny local model, an OpenAI-compatible endpoint
(real client, loopback server), the pipelines' distilabel LLMs as a model, baselines and the static model as
registered kinds, and the errors for specs and backends that cannot run."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from openai_loopback import completion, serving
from pcwm.errors import ExitCode, MissingExtra, PcwmError, UsageError
from pcwm.models import KINDS, BackendError, Model, make_model, parse_spec
from pcwm.models.endpoint import OpenAIModel, chat_completions
from pcwm.models.vllm_engine import VLLMModel
from pcwm.worldmodel.prompts import Prompt

# distilabel's own models (imported by the `llm:` kind) emit pydantic Field() warnings when first imported
pytestmark = pytest.mark.filterwarnings("ignore:The 'default' attribute:UserWarning")


def test_parse_spec():
    assert parse_spec("tiny") == ("tiny", "", "")
    assert parse_spec("static") == ("static", "", "")
    assert parse_spec("hf:Qwen/Qwen2.5-7B-Instruct@abc") == ("hf", "Qwen/Qwen2.5-7B-Instruct", "abc")
    assert parse_spec("openai:gpt-4.1-mini") == ("openai", "gpt-4.1-mini", "")
    assert parse_spec("openai:org/m@x") == ("openai", "org/m@x", "")  # no revisions for endpoints
    assert parse_spec("baseline:oracle") == ("baseline", "oracle", "")
    assert parse_spec("llm:openai:gpt-4o") == ("llm", "openai:gpt-4o", "")


@pytest.mark.parametrize("bad", ["gpt4", "hf:", "foo:bar", "tiny:x", "static:rules"])
def test_a_bad_spec_is_a_usage_error_naming_the_known_kinds(bad):
    with pytest.raises(UsageError, match="model spec") as err:
        parse_spec(bad)
    assert err.value.exit_code == ExitCode.USAGE
    if bad in ("gpt4", "foo:bar"):
        assert all(kind in str(err.value) for kind in ("tiny", "hf:", "openai:", "vllm:", "static", "baseline:"))


@pytest.mark.parametrize("old", ["pcwm:tiny", "pcwm-tiny"])
def test_the_tiny_model_has_one_name(old):
    with pytest.raises(UsageError, match="called `tiny`"):
        make_model(old)


def test_unknown_baseline():
    with pytest.raises(UsageError, match="unknown baseline"):
        make_model("baseline:magic")


@pytest.mark.parametrize("spec", ["static", "baseline:always-race", "baseline:never-race", "baseline:unchanged",
                                  "baseline:critical", "baseline:oracle"])
def test_non_llm_kinds_are_models_without_tokenizer(spec):
    model = make_model(spec)
    assert isinstance(model, Model)
    model.load()
    assert model.tokenizer is None and model.name == spec


def test_every_kind_resolves_to_a_factory():
    from pcwm.models.registry import _factory

    for kind in KINDS.values():
        assert callable(_factory(kind.factory)), kind.factory


def test_tiny_model_gives_n_samples_per_prompt():
    model = make_model("tiny", threads=1, batch_size=2)
    assert isinstance(model, Model) and model.name == "tiny"
    model.load()
    assert model.model_params and model.model_params > 0
    assert model.tokenizer.chat_template  # the tokenizer that counts its tokens, public
    outs = model.generate([Prompt([{"role": "user", "content": "int main() {}"}]), "hello", "x"], n=3,
                          temperature=0.6, max_tokens=8)
    assert [len(o) for o in outs] == [3, 3, 3]
    assert all(isinstance(t, str) and t.completion_tokens <= 8 for o in outs for t in o)
    assert model.revision.startswith("local-")
    greedy = model.generate(["same prompt"], n=2, temperature=0.0, max_tokens=6)
    assert greedy[0][0] == greedy[0][1]
    again = make_model("tiny", threads=1, batch_size=2).generate(["hello"], n=3, temperature=0.6, max_tokens=8)
    assert again == model.generate(["hello"], n=3, temperature=0.6, max_tokens=8)  # seeded: same completions


def _echo(seen: list):
    def respond(body: dict) -> dict:
        seen.append(body)
        text = f"echo {body['messages'][-1]['content'][:12]} t={body['temperature']}"
        # one choice whatever n says, like servers that ignore n > 1: the client must ask again
        return completion("x", body["model"], [{"role": "assistant", "content": text}])

    return respond


def test_openai_endpoint_from_env_vars(monkeypatch):
    seen: list = []
    with serving(_echo(seen)) as url:
        monkeypatch.setenv("MY_URL", url)
        monkeypatch.setenv("MY_KEY", "secret")
        model = make_model("openai:wm-7b", base_url_env="MY_URL", api_key_env="MY_KEY")
        assert isinstance(model, OpenAIModel) and model.tokenizer is None  # an API model: no tokenizer here
        outs = model.generate(["first prompt", "second prompt"], n=2, temperature=0.6, max_tokens=16)
    assert outs == [["echo first prompt t=0.6"] * 2, ["echo second promp t=0.6"] * 2]
    assert len(seen) == 4 and seen[0]["model"] == "wm-7b"
    with pytest.raises(BackendError, match="NOT_SET_URL") as err:
        OpenAIModel("m", base_url_env="NOT_SET_URL").generate(["x"])
    assert isinstance(err.value, PcwmError) and err.value.exit_code == ExitCode.FAILED


def test_chat_completions_keep_the_reasoning_field_and_token_counts():
    msg = SimpleNamespace(content="<answer>\n[]\n</answer>", reasoning="line 3 is private", model_extra={})
    resp = SimpleNamespace(choices=[SimpleNamespace(message=msg)] * 2,
                           usage=SimpleNamespace(prompt_tokens=50, completion_tokens=300))
    outs = chat_completions(resp)
    assert outs[0].startswith("<think>\nline 3 is private\n</think>") and outs[0].endswith("</answer>")
    assert (outs[1].prompt_tokens, outs[1].completion_tokens) == (50, 150)


def test_pipeline_llm_layer_as_a_model():
    model = make_model("llm:tiny", threads=1)
    outs = model.generate(["int main() { return 0; }"], n=2, temperature=0.6, max_tokens=6)
    assert len(outs) == 1 and len(outs[0]) == 2 and model.name == "llm:tiny"


def test_vllm_needs_vllm():
    try:
        import vllm  # noqa: F401
        pytest.skip("vllm is installed (a GPU machine): this checks the error a machine without vllm gives")
    except ImportError:
        pass
    with pytest.raises(MissingExtra, match=r"pip install 'pcwm\[vllm\]'"):  # exit 5
        VLLMModel("Qwen/Qwen2.5-7B-Instruct").generate(["x"])
