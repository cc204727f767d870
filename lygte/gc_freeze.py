"""Keep Python's full garbage collections from pausing a process mid-reply.

An engine holds ~500,000 long-lived objects (Rasa, TensorFlow, the model). Now and then
Python's collector walks all of them: ~200 ms on the bench machine, in the middle of whoever's
messages are being handled. `freeze_once()`, called once the engine has loaded its model
(engine/freeze_after_load.py), collects once and moves every surviving object to the permanent
generation (`gc.freeze`); later collections only look at what messages allocate. The gateway
(~80,000 objects, ~20 ms a full collection) freezes once its app is built. Standard library
only: both environments use it.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_once() -> None:
    """Collect, then freeze everything alive now; later calls do nothing."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()
