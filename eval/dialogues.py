"""Whole conversations (tests/dialogues/<lang>.yml) run through the real line, turn by turn.

Each turn says what the line must understand and answer: the intent, the reply's language and
the kind of answer (offers, guidance, the danger answer, the menu, ...; the schema is in
tests/dialogues/README.md). The kind is read from what the phone gets, by the same templates
the gateway renders (responses/), so a staff edit of a text does not break a conversation.
Slots are not visible from outside the engine; their effect is: the place in the heading
(`contains`), the need carried to "more", an erased need after SLET (`reply:utter_ask_need`).

Used by `tests/e2e/test_dialogues.py` (every runnable conversation must pass) and by
`make eval` (`python -m eval.dialogues`: the per-turn score per language). Runs in the
gateway environment: it reads the templates with the gateway's own code.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from bot.formatting import GSM7_LANGUAGES, to_gsm7
from bot.templates import TemplateStore
from lygte.menu import MENU_NEEDS, need_for_option
from lygte.names import LANGUAGES
from lygte.replies import GUIDANCE

ROOT = Path(__file__).resolve().parent.parent
DIALOGUES = ROOT / "tests" / "dialogues"
#: Predictions that count as "not understood" (as in eval/nlu_data.py).
FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
#: The kinds of answer a turn may expect; `danger:<kind>` and `reply:<response>` take a name.
KINDS = frozenset(
    {"offers", "more", "guidance+offers", "hours", "menu", "languages", "fallback", "followup"}
)
#: What is scored per turn, in the report's order.
ASPECTS = ("intent", "language", "kind")
#: Turn fields the schema knows.
TURN_FIELDS = frozenset({"text", "intent", "language", "kind", "need", "contains", "not_offers"})

Say = Callable[[str], dict]
#: Where a template's fixed text is broken: a placeholder or a line break.
_PIECE_BREAK = re.compile(r"\{[a-z_]+\}|\n")


@dataclass(frozen=True)
class Turn:
    """One message and what the line must make of it."""

    text: str
    intents: tuple[str, ...]
    language: str
    kinds: tuple[str, ...]
    needs: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    not_offers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conversation:
    """A whole conversation of one person, in one file's language."""

    language: str
    name: str
    turns: tuple[Turn, ...]
    channel: str = "sms"
    #: Domain names (intents, slots, actions) the conversation waits for (issue 18 §1-§6).
    requires: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """`<language>/<name>`, unique across the tables."""
        return f"{self.language}/{self.name}"


@dataclass
class TurnResult:
    """What went wrong in one turn, per aspect (an empty dict: the turn was right)."""

    turn: Turn
    answer: dict
    problems: dict[str, str] = field(default_factory=dict)

    def right(self, aspect: str | None = None) -> bool:
        """True if the turn (or one aspect of it) was answered as expected."""
        return not self.problems if aspect is None else aspect not in self.problems


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def _turn(raw: dict, language: str, where: str) -> Turn:
    unknown = set(raw) - TURN_FIELDS
    missing = {"text", "intent", "kind"} - set(raw)
    if unknown or missing:
        raise ValueError(f"{where}: unknown fields {sorted(unknown)}, missing {sorted(missing)}")
    kinds = _tuple(raw["kind"])
    for kind in kinds:
        if kind not in KINDS and not kind.startswith(("danger:", "reply:")):
            raise ValueError(f"{where}: unknown kind {kind!r}")
    return Turn(
        text=str(raw["text"]),
        intents=_tuple(raw["intent"]),
        language=str(raw.get("language", language)),
        kinds=kinds,
        needs=_tuple(raw.get("need")),
        contains=_tuple(raw.get("contains")),
        not_offers=_tuple(raw.get("not_offers")),
    )


def load_conversations(folder: Path = DIALOGUES) -> list[Conversation]:
    """Every conversation of every `<language>.yml` in `folder`, checked against the schema."""
    conversations = []
    for path in sorted(folder.glob("*.yml")):
        language = path.stem
        if language not in LANGUAGES:
            raise ValueError(f"{path.name}: not one of the line's languages {LANGUAGES}")
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in data.get("conversations", []):
            where = f"{path.name}: {raw.get('name')}"
            turns = tuple(
                _turn(t, language, f"{where} turn {i}") for i, t in enumerate(raw["turns"], 1)
            )
            conversations.append(
                Conversation(
                    language,
                    str(raw["name"]),
                    turns,
                    str(raw.get("channel", "sms")),
                    _tuple(raw.get("needs")),
                )
            )
    return conversations


def domain_names(domain: Path = ROOT / "domain.yml") -> frozenset[str]:
    """Every intent, entity, slot and action the domain declares."""
    data = yaml.safe_load(domain.read_text(encoding="utf-8")) or {}
    names: set[str] = set()
    for key in ("intents", "entities", "actions"):
        for item in data.get(key) or []:
            names.update(item if isinstance(item, dict) else [item])
    names.update(data.get("slots") or {})
    return frozenset(names)


def waiting_for(conversation: Conversation, names: Iterable[str], root: Path = ROOT) -> list[str]:
    """What a conversation needs that is not there yet: domain names the domain does not
    declare, and repository files (a need with a "/", e.g. `bot/bg_latin.py`) that do not
    exist. A feature that changes no domain name is named by its module."""
    have = set(names)
    return [
        need
        for need in conversation.requires
        if not ((root / need).is_file() if "/" in need else need in have)
    ]


def offers_serving() -> dict[str, set[str]]:
    """Offer ids by need, read from offers/*.yml independently of the action code."""
    by_need: dict[str, set[str]] = {}
    for path in (ROOT / "offers").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for need in data.get("needs") or []:
            by_need.setdefault(need, set()).add(path.stem)
    return by_need


def _squash(text: str) -> str:
    return " ".join(text.split())


class Answers:
    """Recognises the kind of an answer from the templates the gateway renders it with."""

    def __init__(self, responses: Path, channel: str = "sms") -> None:
        self.store = TemplateStore(responses, "da")
        self.channel = channel

    def as_sent(self, text: str, language: str) -> str:
        """`text` as the phone shows it (GSM-7 letters over SMS in da/en/ro/es)."""
        if self.channel == "sms" and language in GSM7_LANGUAGES:
            text = to_gsm7(text)
        return _squash(text)

    def _fragments(self, response: str, language: str) -> list[str]:
        template = self.store.templates()[response]
        raw = template.pick(language, self.channel, self.store.default_language)
        pieces = (p.strip(" .,:;-") for p in _PIECE_BREAK.split(raw))
        return [self.as_sent(p, language) for p in pieces if p and p.strip(" .,:;-")]

    def start(self, response: str, language: str) -> str:
        """The words a reply of `response` begins with (up to its first placeholder)."""
        fragments = self._fragments(response, language)
        return fragments[0] if fragments else ""

    def signature(self, response: str, language: str) -> str:
        """The longest fixed piece of `response`'s text: found in any reply rendered from it."""
        return max(self._fragments(response, language), key=len, default="")

    def lead(self, language: str) -> str:
        """The neutral first line an SMS may get on the lock screen."""
        return self.as_sent(self.store.render("part_lock_screen_lead", language, "sms"), language)

    def first(self, replies: list[str], language: str) -> str:
        """The first reply without the neutral lock-screen line."""
        text = _squash(replies[0]) if replies else ""
        lead = self.lead(language)
        return text[len(lead) :].strip() if text.startswith(lead) else text

    def lines(self, replies: list[str]) -> list[str]:
        """Every line of every reply, whitespace squashed."""
        return [_squash(line) for reply in replies for line in reply.splitlines() if line.strip()]

    def shows(self, replies: list[str], response: str, language: str) -> bool:
        """True if a reply carries `response`'s text."""
        return self.signature(response, language) in _squash(" ".join(replies))

    def begins(self, replies: list[str], response: str, language: str) -> bool:
        """True if the first reply is `response` (after any lock-screen line)."""
        return self.first(replies, language).startswith(self.start(response, language))

    def line_begins(self, replies: list[str], response: str, language: str) -> bool:
        """True if some line of the replies begins with `response`'s text."""
        start = self.start(response, language)
        return any(line.startswith(start) for line in self.lines(replies))


@dataclass
class State:
    """What the conversation so far tells the checks: the need and the offers listed."""

    needs: tuple[str, ...] = ()
    shown: dict[str, list[str]] = field(default_factory=dict)
    last_page: list[str] = field(default_factory=list)
    listed: set[str] = field(default_factory=set)


class Checker:
    """Checks one answer against its turn, carrying the conversation's state."""

    def __init__(self, answers: Answers, serving: dict[str, set[str]]) -> None:
        self.answers = answers
        self.serving = serving
        self.state = State()

    def _turn_needs(self, turn: Turn) -> tuple[str, ...]:
        if turn.needs:
            return turn.needs
        own = tuple(i for i in turn.intents if i in MENU_NEEDS)
        if own:
            return own[:1]
        picked = need_for_option(turn.text) if "choose_option" in turn.intents else None
        return (picked,) if picked else self.state.needs

    def _served(self, offers: list[str], needs: tuple[str, ...]) -> str | None:
        if not offers:
            return "no offers listed"
        allowed = set().union(*(self.serving.get(n, set()) for n in needs)) if needs else set()
        stray = [o for o in offers if o not in allowed]
        return f"offers {stray} do not serve {list(needs)}" if stray else None

    def _kind(self, kind: str, turn: Turn, answer: dict, needs: tuple[str, ...]) -> str | None:
        """What is wrong with `answer` for `kind`, or None."""
        replies, offers, lang = answer["replies"], answer["offers"], turn.language
        a = self.answers
        if kind.startswith("danger:"):
            response = f"utter_danger_{kind.split(':', 1)[1]}"
            first = a.begins(replies, response, lang)
            later = any(a.begins([r], response, lang) for r in replies[1:])
            ok = first or (later and kind.endswith(":minor"))  # minor follows another danger
            return None if ok else f"no {response} first"
        if kind.startswith("reply:"):
            response = kind.split(":", 1)[1]
            if response not in a.store.templates():
                return f"no template named {response} in responses/"
            return None if a.shows(replies, response, lang) else f"no {response}"
        if kind in ("offers", "more", "guidance+offers"):
            problem = self._served(offers, needs)
            guided = any(a.begins(replies, g, lang) for n in needs for g in GUIDANCE.get(n, ())[:1])
            if problem is None and kind == "guidance+offers" and not guided:
                problem = f"no guidance for {list(needs)} first"
            if problem is None and kind != "guidance+offers" and guided:
                problem = "guidance came, offers only expected"
            seen = {o for n in needs for o in self.state.shown.get(n, [])}
            if problem is None and kind == "more" and set(offers) & seen:
                problem = f"offers {sorted(set(offers) & seen)} were listed before"
            return problem
        if kind == "hours":
            if not a.shows(replies, "utter_hours", lang):
                return "no opening hours"
            if offers != self.state.last_page:
                return f"hours of {offers}, the list was {self.state.last_page}"
            return None
        if kind == "menu":
            ok = a.line_begins(replies, "utter_menu", lang) and not offers
            return None if ok else "no utter_menu"
        if kind == "fallback":
            # Any "not understood" answer: utter_fallback, or a kinder one (utter_fallback_*).
            names = [n for n in a.store.templates() if n.startswith("utter_fallback")]
            ok = any(a.begins(replies, n, lang) for n in names) and not offers
            return None if ok else "no utter_fallback*"
        if kind == "languages":
            numbers = {line.split(" ", 1)[0] for line in a.lines(replies)}
            return None if {"16", "21"} <= numbers else "no list of languages 16-21"
        if kind == "followup":
            if any(
                a.line_begins(replies, r, lang)
                for r in ("utter_menu", "utter_fallback", "utter_ask_need")
            ):
                return "answered with the menu or a question, not about the list"
            stray = set(offers) - self.state.listed
            return f"offers {sorted(stray)} were not listed before" if stray else None
        raise ValueError(f"unknown kind {kind!r}")

    def check(self, turn: Turn, answer: dict) -> dict[str, str]:
        """The problems of `answer` for `turn` by aspect; updates the conversation's state."""
        problems: dict[str, str] = {}
        intent = answer.get("intent")
        expected = set(turn.intents)
        if not (intent in expected or (intent in FALLBACK_INTENTS and expected & FALLBACK_INTENTS)):
            problems["intent"] = f"intent {intent}, expected {'/'.join(turn.intents)}"
        if answer.get("language") != turn.language:
            problems["language"] = f"language {answer.get('language')}, expected {turn.language}"
        needs = self._turn_needs(turn)
        wrong = [p for kind in turn.kinds if (p := self._kind(kind, turn, answer, needs))]
        text = _squash(" ".join(answer["replies"]))
        wrong += [
            f"{word!r} not in the reply"
            for word in turn.contains
            if self.answers.as_sent(word, turn.language) not in text
        ]
        wrong += [f"offer {o} listed" for o in turn.not_offers if o in answer["offers"]]
        if wrong:
            problems["kind"] = "; ".join(wrong)
        self._remember(turn, answer, needs)
        return problems

    def _remember(self, turn: Turn, answer: dict, needs: tuple[str, ...]) -> None:
        if "forget_me" in turn.intents:
            self.state = State()  # erased: nothing carries over
            return
        self.state.needs = needs
        offers = answer["offers"]
        if offers and "hours" not in turn.kinds:
            self.state.last_page = list(offers)
            self.state.listed.update(offers)
            for need in needs:
                self.state.shown.setdefault(need, []).extend(offers)


def run_conversation(
    conversation: Conversation, say: Say, answers: Answers, serving: dict[str, set[str]]
) -> list[TurnResult]:
    """Send every turn with `say` (one new sender per conversation) and check each answer."""
    checker = Checker(answers, serving)
    results = []
    for turn in conversation.turns:
        answer = say(turn.text)
        results.append(TurnResult(turn, answer, checker.check(turn, answer)))
    return results


def describe(conversation: Conversation, results: list[TurnResult]) -> str:
    """A readable account of a conversation's wrong turns (for a failing test)."""
    lines = [f"{conversation.id}:"]
    for i, result in enumerate(results, 1):
        if result.problems:
            first = (result.answer["replies"] or [""])[0][:100].replace("\n", " | ")
            lines.append(f"  turn {i} {result.turn.text!r}: " + "; ".join(result.problems.values()))
            lines.append(f"    got {result.answer.get('intent')}: {first!r}")
    return "\n".join(lines)


def simulator(url: str, channel: str) -> Say:
    """A `say` for one new sender through the simulator API at `url`."""
    import urllib.request

    sender = "+45" + str(uuid.uuid4().int)[:8]

    def say(text: str) -> dict:
        body = json.dumps({"channel": channel, "from": sender, "text": text}).encode()
        request = urllib.request.Request(
            f"{url}/simulator/api/message", body, {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    return say


def report(scored: list[tuple[Conversation, list[TurnResult]]], waiting: dict[str, list]) -> None:
    """Print the per-turn score per language: share of turns right per aspect and in all."""
    print("\n== dialogues: per-turn score through the real line (tests/dialogues/)")
    print(
        f"{'lang':<6}{'convs':>6}{'turns':>6}{'intent':>8}{'lang.':>7}{'kind':>7}"
        f"{'turn ok':>9}{'conv ok':>9}"
    )
    for lang in (*LANGUAGES, "all"):
        rows = [(c, r) for c, r in scored if lang in (c.language, "all")]
        turns = [t for _, r in rows for t in r]
        if not turns:
            continue
        share = {a: sum(t.right(a) for t in turns) / len(turns) for a in ASPECTS}
        ok = sum(t.right() for t in turns) / len(turns)
        convs = sum(all(t.right() for t in r) for _, r in rows) / len(rows)
        print(
            f"{lang:<6}{len(rows):>6}{len(turns):>6}{share['intent']:>8.2f}"
            f"{share['language']:>7.2f}{share['kind']:>7.2f}{ok:>9.2f}{convs:>9.2f}"
        )
    for conversation, results in scored:
        if not all(t.right() for t in results):
            print(describe(conversation, results))
    if waiting:
        print(f"waiting for a feature (not scored): {len(waiting)} conversations")
        for cid, names in sorted(waiting.items()):
            print(f"  {cid}: needs {', '.join(names)}")


def main() -> None:
    """Start the whole line (as `make run` does), run every conversation, print the score."""
    from tests.e2e.conftest import started_line

    conversations = load_conversations()
    names = domain_names()
    waiting = {c.id: w for c in conversations if (w := waiting_for(c, names))}
    serving = offers_serving()
    scored = []
    print(f"starting the line for {len(conversations)} conversations ...", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp, started_line(Path(tmp)) as line:
        for conversation in conversations:
            if conversation.id in waiting:
                continue
            answers = Answers(line.responses_dir, conversation.channel)
            say = simulator(line.url, conversation.channel)
            scored.append((conversation, run_conversation(conversation, say, answers, serving)))
    report(scored, waiting)


if __name__ == "__main__":
    main()
