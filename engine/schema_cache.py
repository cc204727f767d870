"""Validate with a prebuilt validator per schema: the engine's largest cost, removed.

Rasa 3.6 checks every action-server result and every NLG reply with `jsonschema.validate`
(rasa/core/actions/action.py, rasa/core/nlg/callback.py). With the jsonschema 4.17 that
Rasa's pins install, `jsonschema.validate` first validates the *schema itself* against the
2020-12 meta-schema, on every call: ~20 ms of CPU each, three or more calls per message, which
was most of an engine's time per message (`make bench` went from ~14 to several times more
messages per second without it).

Rasa's schemas are constants, so `install()` replaces `jsonschema.validate` with a version
that checks each distinct schema once and keeps its validator. The semantics are those of
`jsonschema.validate`: the same validator class (`validator_for`), `SchemaError` for a bad
schema, and the same error raised (`best_match` over all errors). Rasa imports `validate`
inside those functions at call time, so replacing the module attribute is enough.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

_ORIGINAL = jsonschema.validate
_validators: dict[str, Any] = {}


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
        validator = _validators[key] = validator_class(schema)
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Make `jsonschema.validate` use the cache, for the whole process (idempotent)."""
    jsonschema.validate = validate
