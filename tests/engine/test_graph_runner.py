"""The sequential graph runner gives what Rasa's dask runner gives, on the trained model."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import rasa.core.processor
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from engine import graph_runner
from engine.graph_runner import SequentialGraphRunner, execution_order
from eval.nlu_data import load_examples

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "lygte.tar.gz"
TEXTS = [e.text for e in load_examples(ROOT / "tests" / "nlu_heldout")] + [
    "",
    "15",
    "jeg er på vesterbro",
    "😀",
    "need a shower near nørreport " * 20,
]


@pytest.fixture(scope="module")
def processors():
    """Two processors of the same model: one loaded with the patch installed, one without."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rasa.core.processor, "DaskGraphRunner", DaskGraphRunner)
        graph_runner.install()  # as `python -m engine` does, before Rasa loads the model
        ours = Agent.load(str(MODEL))
    theirs = Agent.load(str(MODEL))  # the patch is gone again: Rasa's own runner
    yield ours.processor, theirs.processor


def test_the_engine_loads_its_model_with_the_sequential_runner(processors) -> None:
    ours, theirs = processors
    assert rasa.core.processor.DaskGraphRunner is DaskGraphRunner  # installing was undone
    assert type(ours.graph_runner) is SequentialGraphRunner
    assert type(theirs.graph_runner) is DaskGraphRunner


def test_every_text_is_parsed_the_same(processors) -> None:
    ours, theirs = processors

    async def parse(processor, text: str) -> dict:
        return await processor.parse_message(UserMessage(text, metadata={"language": "da"}))

    async def both() -> list[tuple[dict, dict]]:
        return [(await parse(ours, t), await parse(theirs, t)) for t in TEXTS]

    pairs = asyncio.run(both())
    assert len({pair[0]["intent"]["name"] for pair in pairs}) > 10  # the texts differ in kind
    for mine, rasas in pairs:
        assert mine == rasas


def tracker_after(processor, text: str, parse: dict) -> DialogueStateTracker:
    domain = processor.domain
    return DialogueStateTracker.from_events(
        "pseudonym",
        [SlotSet("language", "da"), ActionExecuted("action_listen"), UserUttered(text, parse)],
        slots=domain.slots,
    )


def test_every_next_action_is_predicted_the_same(processors) -> None:
    ours, theirs = processors

    async def predictions() -> list[tuple]:
        found = []
        for text in TEXTS[::3]:
            parse = await ours.parse_message(UserMessage(text))
            mine = ours._predict_next_with_tracker(tracker_after(ours, text, parse))
            rasas = theirs._predict_next_with_tracker(tracker_after(theirs, text, parse))
            found.append((mine, rasas))
        return found

    for mine, rasas in asyncio.run(predictions()):
        assert (mine.policy_name, mine.probabilities) == (rasas.policy_name, rasas.probabilities)


def test_each_node_runs_after_the_nodes_it_needs(processors) -> None:
    schema = processors[0].model_metadata.predict_schema
    for target in schema.target_names:
        order = execution_order(schema, [target])
        position = {name: index for index, (name, _) in enumerate(order)}
        assert order[-1][0] == target and len(position) == len(order)
        for name, needs in order:
            assert all(position[need] < position[name] for need in needs if need in position)
