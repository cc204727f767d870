"""``python -m lygte.catalogue [DIRECTORY]``: validate a catalogue (lygte/catalogue/cli.py)."""

import sys

from lygte.catalogue.cli import main

sys.exit(main())
