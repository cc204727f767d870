"""NLU component: finds a Copenhagen place in the message and adds it as entity `place`.

The value is the gazetteer id (e.g. "noerreport"); the action server looks the place up in
the same gazetteer (lygte/places.py, places/copenhagen.yml). Matching is offline and
fuzzy, so no place needs annotated training examples and no text leaves the engine.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from lygte.places import load_gazetteer

ENTITY = "place"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PlaceExtractor(GraphComponent, EntityExtractorMixin):
    """Adds {"entity": "place", "value": <place id>, "start", "end"} when a place is named."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PlaceExtractor:
        """Build the component (nothing to train: the gazetteer is data)."""
        return cls()

    def __init__(self) -> None:
        self.gazetteer = load_gazetteer()

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the place entity to each message that names a place."""
        for message in messages:
            match = self.gazetteer.find(message.get(TEXT) or "")
            if match is None:
                continue
            entity = {
                "entity": ENTITY,
                "value": match.place.id,
                "start": match.start,
                "end": match.end,
                "confidence": round(match.score, 3),
            }
            entities = message.get(ENTITIES, []) + self.add_extractor_name([entity])
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
