"""Run the model's prediction graph node after node, without dask's scheduler.

Rasa 3.6 runs the trained graph twice per message (parse the text, predict the action) with
`DaskGraphRunner`: each run cuts a minimal schema out of the graph, builds a dask graph, and
has dask's local scheduler order and execute it through a thread-pool-style queue. The graph
is a short chain (tokenizer, classifier, extractor, fallback; rule policy, ensemble), so the
scheduling cost more than most of its nodes: about a tenth of an engine's time per message.

`SequentialGraphRunner` keeps Rasa's nodes, hooks and results and only replaces the
scheduling: the order of the nodes each set of targets needs is worked out once, then the
nodes run in that order in the calling thread, each given its parents' outputs exactly as
dask hands them over (a missing parent as its bare name). `install()` (run by `python -m
engine`, engine/patches.py) makes the engine's processor load models with it; training keeps
Rasa's runner.
"""

from __future__ import annotations

from typing import Any

import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner

from engine import guard

#: A node to run: its name and the names of the nodes (or inputs) it needs, in order.
Step = tuple[str, tuple[str, ...]]


def execution_order(schema: GraphSchema, targets: list[str]) -> list[Step]:
    """Every node the targets need, each after the nodes it needs (depth first)."""
    order: list[Step] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        node = schema.nodes.get(name)
        if name in done or node is None:  # not a node: an input, or missing (as dask)
            return
        done.add(name)
        for parent in node.needs.values():
            visit(parent)
        order.append((name, tuple(node.needs.values())))

    for target in targets:
        visit(target)
    return order


class SequentialGraphRunner(DaskGraphRunner):
    """`DaskGraphRunner`'s nodes and results, run in a precomputed order in this thread."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """As `DaskGraphRunner` (instantiates the nodes), with no order worked out yet."""
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, ...], list[Step]] = {}

    def run(
        self,
        inputs: dict[str, Any] | None = None,
        targets: list[str] | None = None,
    ) -> dict[str, Any]:
        """Run the nodes the targets need; return {target: output} (see Rasa's GraphRunner)."""
        run_targets = targets if targets else self._graph_schema.target_names
        key = tuple(run_targets)
        if key not in self._plans:
            self._plans[key] = execution_order(self._graph_schema, run_targets)
        # As in dask's graph: an input is the pair (name, value) and replaces a node of its name.
        outputs: dict[str, Any] = {name: (name, value) for name, value in (inputs or {}).items()}
        try:
            for name, needs in self._plans[key]:
                if name not in outputs:
                    node = self._instantiated_nodes[name]
                    outputs[name] = node(*(outputs.get(need, need) for need in needs))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(outputs[target] for target in run_targets)


def install() -> None:
    """Make the engine's processor load its model with `SequentialGraphRunner` (idempotent).

    Refuses (`guard.Refused`) on another Rasa, or a runner whose constructor or `run` take
    other parameters than the ones `SequentialGraphRunner` relies on.
    """
    if rasa.core.processor.DaskGraphRunner is SequentialGraphRunner:
        return
    guard.require_version("rasa", __name__)
    if rasa.core.processor.DaskGraphRunner is not DaskGraphRunner:
        raise guard.Refused(f"{__name__}: rasa.core.processor's runner was already replaced")
    init_parameters = ("self", "graph_schema", "model_storage", "execution_context", "hooks")
    guard.require_parameters(DaskGraphRunner.__init__, init_parameters, __name__)
    guard.require_parameters(DaskGraphRunner.run, ("self", "inputs", "targets"), __name__)
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner
