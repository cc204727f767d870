"""Custom actions (run by `rasa run actions`): they own the facts, never the wording.

Each action sends structured data (offers, hours, menu options) with a response name
(lygte/payload.py); the gateway puts it into words from the staff-edited templates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.context import Reply, TurnAction, turn_person
from actions.facts import CATALOGUE, GAZETTEER
from actions.slots import LANGUAGES_LISTED, LIST_SHOWN, MISSES, NEEDS_ALSO
from actions.turn import current_time, turn_intent, turn_place, turn_text
from lygte import followup, replies
from lygte.catalogue import NEEDS
from lygte.menu import (
    MORE_OPTION,
    asks_for_languages,
    language_for_option,
    language_menu_arguments,
    menu_arguments,
    menu_number,
    need_for_option,
)
from lygte.needs_in_text import needs_in_text
from lygte.person import NOBODY, Person
from lygte.places import Place
from lygte.selection import PAGE_SIZE, describe, offers_for

FALLBACK_INTENTS = ("nlu_fallback", "out_of_scope")


def _picked_language(tracker: Tracker) -> str | None:
    """The language a number picks from the list of languages, if the last turn showed it."""
    if not tracker.get_slot(LANGUAGES_LISTED):
        return None
    return language_for_option(turn_text(tracker))


class ActionReply(TurnAction):
    """Conversation intents (hello, thanks, yes, no, ...) answered by their fixed response."""

    def name(self) -> str:
        return "action_reply"

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        response = replies.REPLY_FOR_INTENT.get(turn_intent(tracker), replies.ASK_NEED)
        reply.say(response)
        return []


def _send_page(
    reply: Reply,
    need: str,
    shown: List[str],
    now: datetime,
    place: Place | None,
    language: str,
    guidance: bool = False,
    person: Person = NOBODY,
) -> List[Dict[str, Any]]:
    """Utter the next page of offers for `need` after the ids in `shown`, seen from `place`,
    ranked for `person` (what they said about themselves).

    With `guidance`, the need's "how to" answer (if it has one) comes first; a need with
    guidance but no offer is answered by the guidance alone.
    """
    ranked = offers_for(need, CATALOGUE.offers(), now, GAZETTEER, place, person)
    remaining = [offer for offer in ranked if offer.id not in shown]
    steps = replies.GUIDANCE.get(need, ()) if guidance else ()
    for response in steps:
        reply.say(response)
    if not ranked:
        if not steps:
            reply.say(replies.NO_OFFERS, need=need)
        return [SlotSet("need", need), SlotSet("offers_shown", [])]
    if not remaining:
        reply.say(replies.NO_MORE)
        return []
    page = remaining[:PAGE_SIZE]
    reply.say(
        replies.OFFERS,
        need=need,
        offers=[describe(offer, now, GAZETTEER, place, language) for offer in page],
        first_number=len(shown) + 1,
        has_more=len(remaining) > PAGE_SIZE,
        place=place.name if place else None,
        # Skippable: the list comes at once; the question rides along on the first page.
        ask_place=place is None and not shown,
    )
    return [
        SlotSet("need", need),
        SlotSet("offers_shown", shown + [o.id for o in page]),
        SlotSet(LIST_SHOWN, True),  # a digit next picks one of these places
    ]


class ActionFindOffers(TurnAction):
    """Answers a need (from its intent) with the first offers that serve it.

    After "inform_location" it answers again for the need already asked about, from the new
    place; a place given before any need is remembered and the need is asked for.

    A text that names several needs ("hungry and need to wash", lygte/needs_in_text.py)
    gets the most urgent one answered, and first a line offering each other one by its
    menu number (`replies.ALSO_NEED`): first, so that the SMS budget never cuts it off.
    """

    def name(self) -> str:
        return "action_find_offers"

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        intent = turn_intent(tracker)
        place = turn_place(tracker)
        events: List[Dict[str, Any]] = []
        if intent in NEEDS:
            ranking = tracker.latest_message.get("intent_ranking") or []
            need, *others = needs_in_text(intent, ranking, turn_text(tracker))
            if others:
                numbers = [menu_number(other) for other in others]
                reply.say(
                    replies.ALSO_NEED,
                    options=others,
                    option_numbers=numbers,
                    first_option=numbers[0],
                )
                events.append(SlotSet(NEEDS_ALSO, others))
        else:  # inform_location
            if not list(tracker.get_latest_entity_values("place")):
                reply.say(replies.PLACE_UNKNOWN)
                return []
            need = tracker.get_slot("need")
            if need is None and place is not None:
                reply.say(replies.PLACE_NOTED, place=place.name)
                return []
        if need is None:
            reply.say(replies.ASK_NEED)
            return []
        # A new need gets its guidance; a new place for the same need only a new list.
        person = turn_person(tracker)
        return events + _send_page(
            reply, need, [], current_time(), place, language, intent in NEEDS, person
        )


class ActionChooseOption(TurnAction):
    """A number from the menu (lygte/menu.py): a need, the next page, or a language.

    1-14 answer like the need itself; "0" is the second menu page; 15 lists the languages;
    right after that list, 16-21 switch to one of them and show the menu in it. Other numbers
    ask for the need.
    """

    def name(self) -> str:
        return "action_choose_option"

    def turn_language(self, tracker: Tracker) -> str:
        """The language picked from the list just shown; else as for any turn."""
        return _picked_language(tracker) or super().turn_language(tracker)

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        text = turn_text(tracker)
        shown = list(tracker.get_slot("offers_shown") or [])
        picked = followup.picked_offer(text, shown) if tracker.get_slot(LIST_SHOWN) else None
        if need_for_option(text) in (tracker.get_slot(NEEDS_ALSO) or []):
            picked = None  # the number the "also" line offered for another need of the text
        if picked is not None:
            # Right after a list of places a digit is one of them, not a menu item.
            offers = {offer.id: offer for offer in CATALOGUE.offers()}
            message = followup.answer_message(
                "details",
                [picked],
                offers,
                current_time(),
                GAZETTEER,
                turn_place(tracker),
                language,
            )
            if message["offers"]:
                reply.say(**message)
                return [SlotSet(LIST_SHOWN, True)]
        need = need_for_option(text)
        if need is not None:
            return _send_page(
                reply,
                need,
                [],
                current_time(),
                turn_place(tracker),
                language,
                True,
                turn_person(tracker),
            )
        if text == MORE_OPTION:
            reply.say(replies.MENU, **menu_arguments(language, text))
        elif asks_for_languages(text):
            reply.say(replies.MENU, **language_menu_arguments())
            return [SlotSet(LANGUAGES_LISTED, True)]
        elif _picked_language(tracker):
            # Chosen from a menu: the person goes on by numbers, so the menu follows.
            reply.say(replies.LANGUAGE_SET)
            reply.say(replies.MENU, **menu_arguments(language))
        else:
            reply.say(replies.ASK_NEED)
        return []


class ActionMoreOffers(TurnAction):
    """'more': the next offers for the need asked about."""

    def name(self) -> str:
        return "action_more_offers"

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        need = tracker.get_slot("need")
        if need is None:
            reply.say(replies.ASK_NEED)
            return []
        shown = list(tracker.get_slot("offers_shown") or [])
        return _send_page(
            reply,
            need,
            shown,
            current_time(),
            turn_place(tracker),
            language,
            person=turn_person(tracker),
        )


class ActionOfferHours(TurnAction):
    """'is it open?' / 'hvornår åbner de?': the opening state of the offers just listed."""

    def name(self) -> str:
        return "action_offer_hours"

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        shown = list(tracker.get_slot("offers_shown") or [])
        by_id = {offer.id: offer for offer in CATALOGUE.offers()}
        # The last page listed: "more" pages hold up to PAGE_SIZE ids each.
        last_page = followup.last_page(shown, PAGE_SIZE)
        page = [by_id[i] for i in last_page if i in by_id]
        if not page:
            reply.say(replies.ASK_NEED)
            return []
        now = current_time()
        reply.say(
            replies.HOURS,
            offers=[describe(offer, now, GAZETTEER, language=language) for offer in page],
            first_number=len(shown) - len(last_page) + 1,
        )
        return [SlotSet(LIST_SHOWN, True)]


class ActionShowMenu(TurnAction):
    """The numbered menu on request; a text not understood gets the kinder fallback.

    Misses in a row go round three answers, so none comes three times running: first the
    3 needs the classifier found most likely (or one short question when none is), then
    "sorry" and the whole menu, then the crisis lines and someone to talk to.
    """

    def name(self) -> str:
        return "action_show_menu"

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        if turn_intent(tracker) not in FALLBACK_INTENTS:
            reply.say(replies.MENU, **menu_arguments(language, turn_text(tracker)))
            return []
        return self.not_understood(reply, tracker, language)

    def not_understood(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        """The kinder fallback: the answer for this miss in a row; counts the miss."""
        text = turn_text(tracker)
        misses = int(tracker.get_slot(MISSES) or 0) + 1
        step = followup.fallback_step(misses)
        likely = followup.likely_needs(tracker.latest_message.get("intent_ranking") or [])
        if step == 0 and likely:
            reply.say(
                followup.FALLBACK_SUGGEST,
                options=likely,
                option_numbers=[menu_number(need) for need in likely],
            )
        elif step == 0:
            reply.say(followup.FALLBACK_ASK)
        elif step == 1:
            reply.say(replies.FALLBACK, **menu_arguments(language, text))
        else:
            reply.say(followup.FALLBACK_PERSON)
        return [SlotSet(MISSES, float(misses))]


class ActionDefaultFallback(ActionShowMenu):
    """Rasa's own fallback (no rule fits the turn), answered like a text not understood.

    Rasa's built-in `action_default_fallback` would utter `utter_default` from the domain,
    which has no responses: the person would get nothing, and the gateway its emergency
    fallback. Named in domain.yml, this action replaces it, so every reply the engine gives
    comes from one of our actions, as data the gateway renders (lygte/payload.py).
    """

    def name(self) -> str:
        return "action_default_fallback"

    def answer(self, reply: Reply, tracker: Tracker, language: str) -> List[Dict[str, Any]]:
        return self.not_understood(reply, tracker, language)
