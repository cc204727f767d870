"""Editing one response template: preview as the phone shows it, checks, save and restore.

The preview goes through the very functions that build a real reply (bot.replies.render_reply,
bot.formatting.format_reply and sms_cost), with realistic values for the placeholders, so the
preview and what a person receives cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.formatting import SIGNAL_MAX_CHARS, format_reply, sms_cost
from bot.replies import offer_values, render_reply
from bot.staff.history import History, locked, version_of
from bot.staff.yamlblocks import block, replace_entry
from bot.templates import TemplateStore, atomic_write
from lygte.gsm7 import SEGMENT_SIZES
from lygte.lockscreen import LOCK_SCREEN_CHARS, topic_shown
from lygte.names import CHANNELS
from lygte.templates import Template, TemplateError, check_template, parse_text

#: A long but real offer line (the worst case a page of three offers must fit).
SAMPLE_OFFER: dict[str, Any] = {
    "id": "maendenes-hjem-sundhedsklinik",
    "name": "Mændenes Hjem sundhedsklinik",
    "address": "Stengade 40, 2200 København N",
    "mobile": False,
    "phone": "+45 33 17 41 22",
    "hours": {"state": "unknown"},
    # A stand-in as long as a description may be (offers/README.md: 90 characters).
    "about": "(Beskrivelse af stedet fra offers/, højst 90 tegn: hvad, for hvem, anonymt, gratis.)",
}
PAGE = 3


class SaveRefused(Exception):
    """A save was not made; `problems` says why (shown to the staff member)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class StaleVersion(Exception):
    """Someone saved the template after the form was opened."""


@dataclass
class Preview:
    """What one language on one channel looks like on the phone."""

    language: str
    channel: str
    messages: list[str]
    encoding: str = ""
    segments: int = 0
    units: int = 0
    left: int = 0
    problems: list[str] = field(default_factory=list)


def entry_of(template: Template) -> dict[str, Any]:
    """The YAML entry of a template, as saved and as fingerprinted for versions."""
    entry: dict[str, Any] = {
        "about": template.about,
        "placeholders": list(template.placeholders),
        "text": dict(template.text),
    }
    for channel in CHANNELS:
        if channel in template.variants:
            entry[channel] = dict(template.variants[channel])
    entry["unreviewed"] = list(template.unreviewed)
    return entry


def template_version(template: Template) -> str:
    """The fingerprint a form carries to detect a save made by someone else meanwhile."""
    return version_of(entry_of(template))


def from_entry(name: str, entry: Mapping[str, Any], source: Path) -> Template:
    """A template from an entry mapping (as entry_of makes it)."""
    return Template(
        name=name,
        about=str(entry.get("about", "")),
        placeholders=tuple(entry.get("placeholders") or ()),
        text=dict(entry["text"]),
        variants={c: dict(entry[c]) for c in CHANNELS if c in entry},
        unreviewed=tuple(entry.get("unreviewed") or ()),
        source=source,
    )


class Candidate(TemplateStore):
    """The templates of `base` with one of them replaced, for previews and checks."""

    def __init__(self, base: TemplateStore, template: Template) -> None:
        super().__init__(base.directory, base.default_language)
        self._base, self._template = base, template

    def templates(self) -> dict[str, Template]:
        return {**self._base.templates(), self._template.name: self._template}


def _longest_need(store: TemplateStore, language: str, channel: str) -> str:
    needs = [n.removeprefix("label_") for n in store.templates() if n.startswith("label_")]
    return max(needs, key=lambda n: len(store.render(f"label_{n}", language, channel)))


def sample_arguments(store: TemplateStore, language: str, channel: str) -> dict[str, Any]:
    """Realistic engine arguments: the longest need, every menu option, a full page."""
    needs = [n.removeprefix("label_") for n in store.templates() if n.startswith("label_")]
    return {
        "need": _longest_need(store, language, channel),
        "options": needs,
        "offers": [SAMPLE_OFFER] * PAGE,
        "first_number": 1,
        "has_more": True,
    }


def render_sample(store: TemplateStore, name: str, language: str, channel: str) -> str:
    """Template `name` rendered the way a person gets it, with realistic values."""
    template = store.templates()[name]
    if name.startswith("utter_"):
        return render_reply(
            store, name, sample_arguments(store, language, channel), language, channel
        )

    def render(response: str, **values: str) -> str:
        return store.render(response, language, channel, values)

    need = _longest_need(store, language, channel)
    values = {
        **offer_values(render, SAMPLE_OFFER, 1),
        "time": "09:00",
        "day": render("part_tomorrow"),
        "label": render(f"label_{need}"),
    }
    return store.render(
        name, language, channel, {k: values[k] for k in template.placeholders if k in values}
    )


def preview(
    store: TemplateStore, name: str, language: str, channel: str, max_segments: int
) -> Preview:
    """The messages a phone shows for template `name`, with their SMS cost and problems."""
    try:
        text = render_sample(store, name, language, channel)
    except (TemplateError, KeyError, ValueError) as error:
        return Preview(language, channel, [], problems=[f"cannot be rendered: {error}"])
    messages = format_reply(channel, text, language, max_segments)
    result = Preview(language, channel, messages)
    where = f"{name} ({channel}, {language})"
    if channel == "sms":
        costs = [sms_cost(message) for message in messages]
        result.encoding = "UCS-2" if any(c.encoding == "UCS-2" for c in costs) else "GSM-7"
        result.segments = sum(c.segments for c in costs)
        result.units = sum(c.units for c in costs)
        single, multi = SEGMENT_SIZES[result.encoding]
        budget = single if max_segments == 1 else multi * max_segments
        result.left = budget - result.units
        if result.segments > max_segments:
            result.problems.append(
                f"{where}: {result.segments} SMS, more than the budget of {max_segments} "
                f"({-result.left} characters too many with realistic values)"
            )
    elif len(text.strip()) > SIGNAL_MAX_CHARS:
        result.problems.append(f"{where}: longer than {SIGNAL_MAX_CHARS} characters")
    word = topic_shown(messages[0] if messages else "")
    if word:
        result.problems.append(
            f"{where}: the word {word!r} shows in the first {LOCK_SCREEN_CHARS} "
            "characters (the lock screen)"
        )
    return result


def languages(template: Template) -> list[str]:
    """Every language `template` has a text in, default or channel variant, sorted."""
    return sorted(
        {lang for texts in (template.text, *template.variants.values()) for lang in texts}
    )


def previews(store: TemplateStore, name: str, max_segments: int) -> list[Preview]:
    """Previews of template `name` in each of its languages, as SMS and as Signal."""
    template = store.templates()[name]
    return [
        preview(store, name, language, channel, max_segments)
        for language in languages(template)
        for channel in CHANNELS
    ]


def problems(base: TemplateStore, candidate: Template, max_segments: int) -> list[str]:
    """Why `candidate` must not replace its current version (empty when it may).

    Besides the template's own texts, every reply the change alters is rendered with
    realistic values and checked against the SMS budget and the lock-screen rule. Only what
    the change brings in counts: a reply (or a language) it leaves as it was, or a reply that
    was already over the budget and does not grow, does not block the save.
    """
    found = [f"{candidate.name} {problem}" for problem in check_template(candidate)]
    if found:
        return found
    store = Candidate(base, candidate)
    for name, template in sorted(store.templates().items()):
        if not name.startswith("utter_") and name != candidate.name:
            continue
        for language in languages(template):
            for channel in CHANNELS:
                after = preview(store, name, language, channel, max_segments)
                if after.problems and name in base.templates():
                    before = preview(base, name, language, channel, max_segments)
                    found.extend(_brought_in(before, after))
                else:
                    found.extend(after.problems)
    return found


def _brought_in(before: Preview, after: Preview) -> list[str]:
    """The problems of `after` that the edit caused (not there, or smaller, `before`)."""
    if before.messages == after.messages:
        return []
    if not before.problems:
        return after.problems
    grown = after.segments > before.segments
    return [
        problem
        for problem in after.problems
        if (" SMS, more than the budget" in problem and grown)
        or (" SMS, more than the budget" not in problem and problem not in before.problems)
    ]


def save(
    store: TemplateStore,
    history: History,
    account: str,
    name: str,
    entry: Mapping[str, Any],
    expected_version: str,
    max_segments: int,
    action: str = "save",
) -> Template:
    """Check and save `entry` as template `name`; raise StaleVersion or SaveRefused."""
    with locked(history.root.parent):
        current = store.templates()[name]
        if template_version(current) != expected_version:
            raise StaleVersion(name)
        candidate = from_entry(name, entry, current.source)
        found = problems(store, candidate, max_segments)
        if found:
            raise SaveRefused(found)
        wanted = entry_of(candidate)
        old_text = current.source.read_text(encoding="utf-8")
        new_text = replace_entry(old_text, name, block(name, wanted))
        before, after = parse_text(old_text, current.source), parse_text(new_text, current.source)
        if entry_of(after[name]) != wanted or {k: v for k, v in after.items() if k != name} != {
            k: v for k, v in before.items() if k != name
        }:
            raise SaveRefused([f"{name}: the file could not be written safely; nothing was saved"])
        atomic_write(current.source, new_text)
        history.record_save("templates", name, account, action, entry_of(current), wanted)
    return store.templates()[name]
