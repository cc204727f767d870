"""`python -m engine [rasa run arguments]`: start the engine, explicitly.

1. Refuse to start unless rasa, rasa-sdk and jsonschema have the versions the engine was
   written for (engine/guard.py), and unless its settings are valid (engine/settings.py).
2. Install the log guard and every patch from one list (engine/patches.py).
3. Run Rasa's own `rasa run` in this process with the given arguments, so every argument of
   `rasa run` works (`python -m engine --help` lists them).

A refusal prints one line saying why and exits with status 2. `rasa train`, `rasa test`,
`rasa data validate` and `rasa shell` stay plain Rasa commands: they need no patches.
"""

from __future__ import annotations

import sys

from engine import guard
from engine.settings import settings

#: Exit status of a refusal (1 is Rasa's own for a failed command).
REFUSED = 2


def main(arguments: list[str]) -> None:
    """Check, install, then run `rasa run` with `arguments`; exits the process when done."""
    try:
        guard.check_versions()
        settings()
        # Rasa is imported only after the version check: another version may fail to import
        # in ways that would hide the reason.
        from engine import patches

        installed = patches.install_all()
    except (guard.Refused, ValueError) as error:
        print(f"engine: refusing to start: {error}", file=sys.stderr)
        sys.exit(REFUSED)
    print(f"engine: installed {', '.join(installed)}", file=sys.stderr, flush=True)
    import rasa.__main__

    sys.argv = ["rasa", "run", *arguments]
    rasa.__main__.main()


if __name__ == "__main__":
    main(sys.argv[1:])
