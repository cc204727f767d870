"""After the first message, what the engine loaded is out of the collector's way."""

from __future__ import annotations

import gc

from lygte import gc_freeze


def test_freeze_once_moves_the_live_objects_out_of_collections_once(monkeypatch) -> None:
    monkeypatch.setattr(gc_freeze, "_frozen", False)
    loaded = [[i] for i in range(1000)]  # noqa: F841  (long-lived, tracked, like a model)
    try:
        gc_freeze.freeze_once()
        frozen = gc.get_freeze_count()
        assert frozen > 1000
        gc_freeze.freeze_once()  # a second message changes nothing
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
