"""Validate with a prebuilt validator per schema: the engine's largest cost, removed.

Rasa 3.6 checks every action-server result with `jsonschema.validate`
(rasa/core/actions/action.py; until issue 15 every NLG reply too). With the jsonschema 4.17 that
Rasa's pins install, `jsonschema.validate` first validates the *schema itself* against the
2020-12 meta-schema, on every call: ~20 ms of CPU each, three or more calls per message, which
was most of an engine's time per message (`make bench` went from ~14 to several times more
messages per second without it).

Rasa's schemas are constants, so `install()` replaces `jsonschema.validate` with a version
that checks each distinct schema once and keeps its validator. The semantics are those of
`jsonschema.validate`: the same validator class (`validator_for`), `SchemaError` for a bad
schema, and the same error raised (`best_match` over all errors). Rasa imports `validate`
inside those functions at call time, so replacing the module attribute is enough.
`python -m engine` installs it (engine/patches.py); it refuses any jsonschema but the one it
was written for (engine/guard.py).

The action result's `events` are checked against a `oneOf` of 23 event schemas that differ by
`event`'s `const`: the library tries all 23 for every event (~0.3 ms each, ~1 ms for an offers
answer). Our `oneOf` first tries only the branch whose `const` the event names; if that branch
accepts it, no other can (their `const` differs), so "exactly one" holds and the verdict is
the library's. Anything else, and every invalid instance, goes through the library's `oneOf`,
so errors stay the same.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from engine import guard

_ORIGINAL = jsonschema.validate
_validators: dict[str, Any] = {}
#: One validator class per library class, with the quicker `oneOf`.
_classes: dict[Any, Any] = {}
#: id of a `oneOf` list -> (the list, its discriminating property, const -> branch index).
_discriminators: dict[int, tuple[list, str | None, dict[str, int]]] = {}


def discriminator(branches: list) -> tuple[str | None, dict[str, int]]:
    """The property whose string `const` differs in every branch, and which branch has which.

    (None, {}) if there is no such property.
    """
    shared: set[str] | None = None
    for branch in branches:
        properties = branch.get("properties") if isinstance(branch, dict) else None
        names = {
            name
            for name, sub in (properties or {}).items()
            if isinstance(sub, dict) and isinstance(sub.get("const"), str)
        }
        shared = names if shared is None else shared & names
    for name in sorted(shared or ()):
        values = [branch["properties"][name]["const"] for branch in branches]
        if len(set(values)) == len(values):
            return name, {value: index for index, value in enumerate(values)}
    return None, {}


def _named_branch_accepts(validator: Any, branches: list, instance: Any) -> bool:
    """True if the branch whose discriminating `const` the instance names accepts it."""
    known = _discriminators.get(id(branches))
    if known is None or known[0] is not branches:
        known = _discriminators[id(branches)] = (branches, *discriminator(branches))
    _, name, index = known
    if name is None or not isinstance(instance, dict) or not isinstance(instance.get(name), str):
        return False
    branch = index.get(instance[name])
    return branch is not None and validator.evolve(schema=branches[branch]).is_valid(instance)


def _with_quick_one_of(validator_class: Any) -> Any:
    """`validator_class` whose `oneOf` tries the named branch first (made once per class)."""
    original = validator_class.VALIDATORS.get("oneOf")
    if original is None:  # a draft without oneOf
        return validator_class
    if validator_class not in _classes:

        def one_of(validator: Any, branches: list, instance: Any, schema: dict) -> Any:
            if not _named_branch_accepts(validator, branches, instance):
                yield from original(validator, branches, instance, schema)

        _classes[validator_class] = jsonschema.validators.extend(validator_class, {"oneOf": one_of})
    return _classes[validator_class]


def validate(instance: Any, schema: dict, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """`jsonschema.validate`, with the schema checked and compiled once per distinct schema."""
    if args or kwargs:  # options Rasa never passes: keep the library's own behaviour
        _ORIGINAL(instance, schema, cls, *args, **kwargs)
        return
    # Rasa builds a new but equal dict on each call, so key on its content, not its identity.
    key = json.dumps(schema, sort_keys=True, default=repr) + repr(cls)
    validator = _validators.get(key)
    if validator is None:
        validator_class = cls or jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        validator = _validators[key] = _with_quick_one_of(validator_class)(schema)
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Make `jsonschema.validate` use the cache, for the whole process (idempotent).

    Refuses (`guard.Refused`) on another jsonschema, or a `validate` of other parameters.
    """
    if jsonschema.validate is validate:
        return
    guard.require_version("jsonschema", __name__)
    guard.require_parameters(
        jsonschema.validate, ("instance", "schema", "cls", "args", "kwargs"), __name__
    )
    jsonschema.validate = validate
