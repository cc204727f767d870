"""The offers catalogue: one YAML file per offer in ``<repo>/offers/<id>.yml``.

Four modules, one job each: `model` (the frozen dataclasses and the values a field may
take), `load` (reading a directory into Offers), `validate` (every problem, in words) and
`cli` (``python -m lygte.catalogue [DIRECTORY]`` prints every problem, or ``N offers OK``).
The names below are the public ones; import them from here.

It is imported by the action server (Python 3.10) and by the gateway (Python >= 3.11);
both environments have PyYAML and opening-hours-py.
"""

from __future__ import annotations

from lygte.catalogue.cli import main
from lygte.catalogue.load import DEFAULT_DIR, load_catalogue, validate_catalogue
from lygte.catalogue.model import (
    ANONYMOUS_VALUES,
    DESCRIPTION_LANGUAGES,
    EMERGENCY_NUMBERS,
    GENDERS,
    NEEDS,
    STALE_AFTER_DAYS,
    STATUSES,
    Address,
    Audience,
    CatalogueError,
    Coordinates,
    Offer,
    Source,
    stale_days_from,
)
from lygte.distance import PRECISIONS

__all__ = [
    "ANONYMOUS_VALUES",
    "DEFAULT_DIR",
    "DESCRIPTION_LANGUAGES",
    "EMERGENCY_NUMBERS",
    "GENDERS",
    "NEEDS",
    "PRECISIONS",
    "STALE_AFTER_DAYS",
    "stale_days_from",
    "STATUSES",
    "Address",
    "Audience",
    "CatalogueError",
    "Coordinates",
    "Offer",
    "Source",
    "load_catalogue",
    "main",
    "validate_catalogue",
]
