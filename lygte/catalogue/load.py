"""Reading the offers catalogue: one YAML file per offer in a directory, validated, as Offers.

The directory is a parameter: the shipped catalogue (`DEFAULT_DIR`) unless the caller
passes another (the action server's and the gateway's settings read OFFERS_DIR).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from lygte.catalogue.model import (
    STALE_AFTER_DAYS,
    Address,
    Audience,
    CatalogueError,
    Coordinates,
    Offer,
    Source,
)
from lygte.catalogue.validate import as_date, check_duplicate_ids, check_offer, normalise_anonymous

#: The shipped catalogue, ``<repo>/offers``.
DEFAULT_DIR: Path = Path(__file__).resolve().parents[2] / "offers"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys (PyYAML keeps the last one silently)."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _read_files(directory: Path) -> tuple[list[tuple[Path, Any]], list[str]]:
    """Parse every ``*.yml`` file in ``directory``; return (path, data) pairs and problems."""
    problems: list[str] = []
    if not directory.is_dir():
        return [], [f"{directory}: catalogue directory not found"]
    documents: list[tuple[Path, Any]] = []
    for path in sorted(directory.iterdir()):
        if path.suffix == ".yaml":
            problems.append(f"{path.name}: offer files must end in .yml, not .yaml")
            continue
        if path.suffix != ".yml" or not path.is_file():
            continue
        try:
            with path.open(encoding="utf-8") as handle:
                # _UniqueKeyLoader is a SafeLoader: no arbitrary Python objects.
                data = yaml.load(handle, Loader=_UniqueKeyLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            detail = " ".join(str(exc).split())
            problems.append(f"{path.name}: cannot be read as YAML: {detail}")
            continue
        documents.append((path, data))
    if not documents and not problems:
        problems.append(f"{directory}: no offer files (*.yml) found")
    return documents, problems


def _build_offer(data: Mapping[str, Any], stale_after_days: int) -> Offer:
    """Turn one validated offer mapping into an :class:`Offer`."""
    audience = data["audience"]
    address = data["address"]
    coordinates = data["coordinates"]
    closed_until = data["closed_until"]
    verified = as_date(data["verified"])
    assert verified is not None  # guaranteed by validation
    return Offer(
        id=data["id"],
        name=data["name"],
        organisation=data["organisation"],
        needs=tuple(data["needs"]),
        audience=Audience(
            genders=tuple(audience["genders"]),
            min_age=audience["min_age"],
            note=audience["note"],
            max_age=audience["max_age"],
        ),
        anonymous=normalise_anonymous(data["anonymous"]),
        address=None
        if address is None
        else Address(street=address["street"], postcode=address["postcode"], city=address["city"]),
        mobile=data["mobile"],
        coordinates=None
        if coordinates is None
        else Coordinates(
            lat=float(coordinates["lat"]),
            lon=float(coordinates["lon"]),
            precision=coordinates["precision"],
            source=coordinates["source"],
        ),
        opening_hours=data["opening_hours"],
        hours_confirmed=data["hours_confirmed"],
        phone=data["phone"],
        languages=tuple(data["languages"]),
        description=MappingProxyType(dict(data["description"])),
        status=data["status"],
        closed_until=None if closed_until is None else as_date(closed_until),
        sources=tuple(Source(url=s["url"], note=s["note"]) for s in data["sources"]),
        facts_ref=data["facts_ref"],
        verified=verified,
        verified_note=data["verified_note"],
        stale_after_days=stale_after_days,
    )


def _load(directory: Path) -> tuple[list[tuple[Path, Any]], list[str]]:
    """The parsed files of ``directory`` and every problem with them."""
    documents, problems = _read_files(Path(directory))
    for path, data in documents:
        problems.extend(check_offer(path.name, data))
    problems.extend(check_duplicate_ids(documents))
    return documents, problems


def validate_catalogue(directory: Path = DEFAULT_DIR) -> list[str]:
    """Validate every offer file in ``directory``.

    Returns a list of human-readable problems, each starting with the file name
    (empty when the catalogue is valid).
    """
    return _load(Path(directory))[1]


def load_catalogue(
    directory: Path = DEFAULT_DIR, stale_after_days: int = STALE_AFTER_DAYS
) -> tuple[Offer, ...]:
    """Load and validate the catalogue in ``directory``, sorted by id; each offer's hours
    are trusted for ``stale_after_days`` after its verification.

    Raises :class:`CatalogueError` listing all problems if any file does not validate.
    """
    documents, problems = _load(Path(directory))
    if problems:
        raise CatalogueError(problems)
    offers = (_build_offer(data, stale_after_days) for _, data in documents)
    return tuple(sorted(offers, key=lambda offer: offer.id))
