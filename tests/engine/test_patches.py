"""The engine's patches: installed from one list, each refusing a library it was not written for.

The equivalence of each patch with what it replaces is tested beside it (test_schema_cache,
test_keepalive, test_graph_runner; the heap freeze here, on the trained model).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import re
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
import rasa.core.processor
import rasa.core.run
from rasa.core.utils import AvailableEndpoints
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic

from engine import freeze_after_load, graph_runner, guard, keepalive, patches, schema_cache
from lygte import gc_freeze

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "models" / "lygte.tar.gz"
#: Rasa's own `EndpointConfig.session`: no engine module installs anything when imported.
RASA_SESSION = EndpointConfig.session

#: Where each patch installs itself: (patch, owner, attribute, Rasa's or jsonschema's value).
TARGETS: list[tuple[Any, Any, str, Any]] = [
    (schema_cache, jsonschema, "validate", schema_cache._ORIGINAL),
    (keepalive, EndpointConfig, "session", RASA_SESSION),
    (graph_runner, rasa.core.processor, "DaskGraphRunner", DaskGraphRunner),
    (freeze_after_load, rasa.core.run, "load_agent_on_start", freeze_after_load._ORIGINAL),
]
#: The library whose version each patch checks.
LIBRARY = {
    schema_cache: "jsonschema",
    keepalive: "rasa",
    graph_runner: "rasa",
    freeze_after_load: "rasa",
}


@pytest.fixture
def pristine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The libraries as Rasa ships them, and as they were again after the test."""
    assert RASA_SESSION.__module__ == "rasa.utils.endpoints"
    for _, owner, attribute, original in TARGETS:
        monkeypatch.setattr(owner, attribute, original)
    factory = logging.getLogRecordFactory()
    yield
    logging.setLogRecordFactory(factory)


def test_every_patch_is_in_the_list_once() -> None:
    assert [target[0] for target in TARGETS] == list(patches.PATCHES)
    engine_modules = {path.stem for path in (REPO / "engine").glob("*.py")}
    installers = {
        name
        for name in engine_modules
        if "def install(" in (REPO / f"engine/{name}.py").read_text()
    }
    assert installers == {patch.__name__.split(".")[-1] for patch in patches.PATCHES}


def test_install_all_installs_the_log_guard_and_every_patch(pristine: None) -> None:
    installed = patches.install_all()
    assert installed == ["lygte.log_guard"] + [patch.__name__ for patch in patches.PATCHES]
    assert getattr(logging.getLogRecordFactory(), "lygte_guard", False)
    assert jsonschema.validate is schema_cache.validate
    assert EndpointConfig.session is keepalive.shared_session
    assert rasa.core.processor.DaskGraphRunner is graph_runner.SequentialGraphRunner
    assert rasa.core.run.load_agent_on_start is freeze_after_load.load_agent_then_freeze
    factory = logging.getLogRecordFactory()
    patches.install_all()  # a second time changes nothing
    assert logging.getLogRecordFactory() is factory
    assert jsonschema.validate is schema_cache.validate


def pins(path: Path) -> dict[str, str]:
    """{distribution: version} of every `name==version` line in a requirements file."""
    return dict(re.findall(r"^([\w-]+)==([^\s;]+)", path.read_text(), re.M))


def test_the_versions_are_those_pinned_locked_and_installed() -> None:
    pinned, locked = pins(REPO / "requirements/engine.txt"), pins(REPO / "requirements/engine.lock")
    assert {name: pinned[name] for name in ("rasa", "rasa-sdk")} == {
        name: guard.WRITTEN_FOR[name] for name in ("rasa", "rasa-sdk")
    }
    assert {name: locked[name] for name in guard.WRITTEN_FOR} == guard.WRITTEN_FOR
    guard.check_versions()  # the engine's venv has exactly these


def test_another_installed_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(guard.WRITTEN_FOR, "rasa", "3.6.20")
    monkeypatch.setitem(guard.WRITTEN_FOR, "no-such-distribution", "1.0")
    with pytest.raises(guard.Refused) as refused:
        guard.check_versions()
    message = str(refused.value)
    assert "rasa 3.6.20 (installed: 3.6.21)" in message
    assert "no-such-distribution 1.0 (installed: none)" in message
    assert "jsonschema" not in message  # the right ones are not named


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda patch: patch.__name__)
def test_each_patch_refuses_another_library_version(
    patch: Any, pristine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = LIBRARY[patch]
    monkeypatch.setitem(guard.WRITTEN_FOR, library, "0.0.1")
    _, owner, attribute, original = TARGETS[patches.PATCHES.index(patch)]
    with pytest.raises(guard.Refused, match=f"{patch.__name__} was written for {library} 0.0.1"):
        patch.install()
    assert getattr(owner, attribute) is original  # nothing replaced


def changed_validate(instance: Any, schema: Any) -> None:
    """A `jsonschema.validate` of other parameters."""


def changed_session(self: Any, timeout: float) -> None:
    """An `EndpointConfig.session` of other parameters."""


def changed_request(self: Any, method: str, url: str, **kwargs: Any) -> None:
    """An `EndpointConfig.request` of other parameters."""


def changed_run(self: Any, inputs: Any, targets: Any, hooks: Any) -> None:
    """A `DaskGraphRunner.run` of other parameters."""


async def changed_loader(model_path: str, endpoints: Any, app: Any, loop: Any) -> None:
    """A `load_agent_on_start` of other parameters."""


class OtherRunner(DaskGraphRunner):
    """Someone else's replacement of Rasa's runner."""


@pytest.mark.parametrize(
    ("patch", "owner", "attribute", "changed", "refusal"),
    [
        (schema_cache, jsonschema, "validate", changed_validate, "replaces"),
        (keepalive, EndpointConfig, "session", changed_session, "replaces"),
        (keepalive, EndpointConfig, "request", changed_request, "replaces"),
        (graph_runner, DaskGraphRunner, "run", changed_run, "replaces"),
        (graph_runner, rasa.core.processor, "DaskGraphRunner", OtherRunner, "already replaced"),
        (freeze_after_load, rasa.core.run, "load_agent_on_start", changed_loader, "replaces"),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_each_patch_refuses_a_function_it_was_not_written_for(
    patch: Any,
    owner: Any,
    attribute: str,
    changed: Any,
    refusal: str,
    pristine: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(owner, attribute, changed)
    _, target_owner, target_attribute, original = TARGETS[patches.PATCHES.index(patch)]
    before = getattr(target_owner, target_attribute)
    with pytest.raises(guard.Refused, match=refusal):
        patch.install()
    assert getattr(target_owner, target_attribute) is before  # nothing replaced


def test_the_heap_is_frozen_once_the_agent_is_loaded(
    pristine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`load_agent_then_freeze` loads what Rasa's loader loads, then freezes the heap."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train`")
    monkeypatch.setattr(gc_freeze, "_frozen", False)
    freeze_after_load.install()

    async def load(loader: Any, app: Sanic) -> Any:
        return await loader(str(MODEL), AvailableEndpoints(), None, app, asyncio.get_running_loop())

    gc.unfreeze()
    try:
        rasas_app, our_app = Sanic("rasas_loader"), Sanic("our_loader")
        rasas = asyncio.run(load(freeze_after_load._ORIGINAL, rasas_app))
        assert gc.get_freeze_count() == 0  # Rasa's own loader freezes nothing
        # what `rasa run` calls: the name in rasa.core.run, looked up when the server starts
        ours = asyncio.run(load(rasa.core.run.load_agent_on_start, our_app))
        assert gc.get_freeze_count() > 100_000  # the loaded engine, frozen
    finally:
        gc.unfreeze()
    assert our_app.ctx.agent is ours and rasas_app.ctx.agent is rasas
    assert ours.is_ready() and rasas.is_ready()
    assert ours.processor.model_metadata.model_id == rasas.processor.model_metadata.model_id
    assert type(ours.tracker_store) is type(rasas.tracker_store)
