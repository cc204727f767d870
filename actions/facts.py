"""The facts every action answers from, loaded once per action server: the settings, the
offers catalogue (re-read when offers/ changes) and the places gazetteer."""

from __future__ import annotations

from actions.settings import load_settings
from lygte.places import load_gazetteer
from lygte.selection import Catalogue

SETTINGS = load_settings()
CATALOGUE = Catalogue(SETTINGS.offers_dir, SETTINGS.offer_stale_days)
GAZETTEER = load_gazetteer()
