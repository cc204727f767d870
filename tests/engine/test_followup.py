"""Follow-up questions about a list, a digit after a list, storage/phone questions, the
kinder fallback and a client: lygte/followup.py and the actions, on the real catalogue."""

from __future__ import annotations

from dataclasses import replace

import pytest

from actions.actions import CATALOGUE, ActionChooseOption, ActionFindOffers, ActionShowMenu
from actions.followup_actions import ActionAnswerFollowup, ActionBuyer
from lygte import followup, replies
from lygte.menu import MENU_NEEDS, menu_number
from lygte.selection import PAGE_SIZE
from tests.engine.test_actions import make_tracker, run, slot_events

OFFERS = {offer.id: offer for offer in CATALOGUE.offers()}


def offer(offer_id: str):
    return OFFERS[offer_id]


def one_line(kind: str, offer_id: str, **described) -> list[str]:
    return followup.answer_facts(kind, offer(offer_id), described)["answer"]


# --- which offers a question is about -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("what about number 2", [2]),
        ("nr 3?", [3]),
        ("2", [2]),
        ("the first one", [1]),
        ("den anden", [2]),
        ("al treilea", [3]),
        ("второто", [2]),
        ("el primero", [1]),
        ("อันที่สอง", [2]),
        ("is 1 and 3 free", [1, 3]),
        ("i am at 2450", []),  # a postcode is never a place's number
        ("where is it", []),
    ],
)
def test_the_numbers_a_question_points_at(text: str, numbers: list[int]) -> None:
    assert followup.referenced_numbers(text) == numbers


def test_a_question_without_a_number_is_about_the_last_page() -> None:
    shown = ["a", "b", "c", "d", "e"]
    assert followup.last_page(shown, PAGE_SIZE) == ["d", "e"]
    assert followup.offers_asked_about("where is it", shown, PAGE_SIZE) == [(4, "d"), (5, "e")]
    assert followup.offers_asked_about("and nr 2?", shown, PAGE_SIZE) == [(2, "b")]
    # a number that was never listed does not pick anything: the whole last page
    assert followup.offers_asked_about("nr 9", shown, PAGE_SIZE) == [(4, "d"), (5, "e")]


def test_a_digit_picks_a_listed_offer_only() -> None:
    assert followup.picked_offer("2", ["a", "b", "c"]) == (2, "b")
    assert followup.picked_offer("nr 3", ["a", "b", "c"]) == (3, "c")
    assert followup.picked_offer("5", ["a", "b", "c"]) is None
    assert followup.picked_offer("1 or 2", ["a", "b", "c"]) is None


# --- the facts, from the catalogue's structured fields only ------------------------------


def test_anonymous_yes_no_and_unknown() -> None:
    assert one_line("cpr", "boernetelefonen") == [followup.PART_CPR_YES]
    assert one_line("cpr", "akuttelefonen-1813") == [followup.PART_CPR_NO]
    # unknown: "not known - call first", with the number to call
    assert offer("danner").anonymous == "unknown"
    assert one_line("cpr", "danner") == [followup.PART_UNKNOWN_CALL]
    # unknown and no phone, but an address: "ask there"
    assert offer("caritas-klinik").phone is None
    assert one_line("cpr", "caritas-klinik") == [followup.PART_UNKNOWN_ASK]


def test_free_only_when_the_description_says_so() -> None:
    assert followup.says_free(offer("den-sociale-retshjaelps-fond"))
    assert one_line("price", "lev-uden-vold-1888") == [followup.PART_FREE]
    # Bispebjerg's staff note says "whether it is free ... is not known": not free, not known
    assert not followup.says_free(offer("bispebjerg-koensygdomme"))
    assert one_line("price", "bispebjerg-koensygdomme") == [followup.PART_UNKNOWN_ASK]
    changed = replace(offer("danner"), description={"en": "Whether it is free is not known."})
    assert not followup.says_free(changed)


def test_languages_unknown_when_the_catalogue_lists_none() -> None:
    assert offer("danner").languages == ()
    assert one_line("languages", "danner") == [followup.PART_UNKNOWN_CALL]
    speaking = replace(offer("danner"), languages=("en", "ro"))
    facts = followup.answer_facts("languages", speaking, {})
    assert facts == {"answer": [followup.PART_LANGUAGES], "languages": ["en", "ro"]}


def test_who_comes_from_genders_and_ages_never_from_the_english_note() -> None:
    assert one_line("who", "danner") == ["part_who_women"]
    assert one_line("who", "reden-international") == ["part_who_women_trans"]
    assert one_line("who", "maendenes-hjem-herberg") == ["part_who_men"]
    facts = followup.answer_facts("who", offer("boernetelefonen"), {})
    assert facts == {
        "answer": ["part_who_everyone", followup.PART_WHO_UNDER_AGE],
        "under_age": "18",
    }
    facts = followup.answer_facts("who", offer("aidsfondet-checkpoint"), {})
    assert facts["answer"] == ["part_who_everyone", followup.PART_WHO_FROM_AGE]
    assert facts["min_age"] == "15"
    # no genders stated: not known
    assert one_line("who", "kofoeds-kaelder") == [followup.PART_UNKNOWN_CALL]
    for value in facts.values():
        assert offer("aidsfondet-checkpoint").audience.note not in str(value)


def test_where_is_the_address_or_how_to_reach_it() -> None:
    assert one_line("where", "caritas-klinik") == [followup.PART_WHERE]
    assert one_line("where", "danner") == [followup.PART_PHONE]  # a phone line
    assert one_line("where", "the-red-van") == [followup.PART_WHERE]  # "mobile team"
    assert one_line("where", "sociolancen") == [followup.PART_WHERE, followup.PART_PHONE]


def test_far_says_the_distance_when_measured_else_where() -> None:
    assert one_line("far", "caritas-klinik", distance={"m": "400"}) == [followup.PART_WHERE]
    assert one_line("far", "danner", distance=None) == [followup.PART_PHONE]


def test_every_answer_part_is_a_response_the_gateway_knows() -> None:
    for kind in ("where", "price", "cpr", "languages", "who", "far"):
        for item in OFFERS.values():
            for part in followup.answer_facts(kind, item, {"distance": None})["answer"]:
                assert part in replies.ALL_RESPONSES, (kind, item.id, part)


# --- the actions ---------------------------------------------------------------------------


def listed(need: str = "need_shower") -> list[str]:
    _messages, events = run(ActionFindOffers(), make_tracker(need))
    slots = slot_events(events)
    assert slots["list_shown"] is True
    return slots["offers_shown"]


@pytest.mark.parametrize(
    "intent", ["ask_where", "ask_price", "ask_cpr", "ask_languages", "ask_who", "ask_details"]
)
def test_a_question_after_a_list_is_answered_for_that_list(intent: str) -> None:
    shown = listed()
    tracker = make_tracker(intent, "?", offers_shown=shown, list_shown=True)
    (message,), events = run(ActionAnswerFollowup(), tracker)
    kind = followup.QUESTION_KINDS[intent]
    assert message["response"] == f"utter_answer_{kind}"
    assert [o["id"] for o in message["offers"]] == followup.last_page(shown, PAGE_SIZE)
    assert [o["number"] for o in message["offers"]] == list(range(1, len(shown) + 1))
    if kind != "details":
        assert message["line"] == followup.ANSWER_LINE
        assert all(o["answer"] for o in message["offers"])
    assert slot_events(events)["list_shown"] is True  # a digit next still picks a place


def test_a_question_about_number_2_is_about_number_2_only() -> None:
    shown = listed()
    tracker = make_tracker("ask_cpr", "do i need cpr for nr 2", offers_shown=shown)
    (message,), _ = run(ActionAnswerFollowup(), tracker)
    assert [(o["number"], o["id"]) for o in message["offers"]] == [(2, shown[1])]


def test_a_question_without_a_list_asks_for_the_need() -> None:
    (message,), _ = run(ActionAnswerFollowup(), make_tracker("ask_where", "where is it"))
    assert message["response"] == followup.NO_LIST


def test_far_without_a_place_asks_where_they_are() -> None:
    shown = listed()
    (message,), _ = run(ActionAnswerFollowup(), make_tracker("ask_far", "far?", offers_shown=shown))
    assert message["response"] == followup.FAR_ASK_PLACE


def test_far_with_a_place_gives_distances() -> None:
    shown = listed()
    tracker = make_tracker("ask_far", "is it far", offers_shown=shown, place="noerreport")
    (message,), _ = run(ActionAnswerFollowup(), tracker)
    assert message["response"] == "utter_answer_far" and message["place"]
    addressed = [o for o in message["offers"] if o["address"]]
    assert addressed and all(o["distance"] for o in addressed)


def test_a_digit_right_after_a_list_is_that_place_and_after_the_menu_a_need() -> None:
    shown = listed()
    tracker = make_tracker("choose_option", "2", offers_shown=shown, list_shown=True)
    (message,), events = run(ActionChooseOption(), tracker)
    assert message["response"] == "utter_answer_details"
    assert [(o["number"], o["id"]) for o in message["offers"]] == [(2, shown[1])]
    assert "line" not in message  # the full offer line: name, about, where, hours, phone
    # not right after a list (the marker was reset by another answer): the menu's need 2
    tracker = make_tracker("choose_option", "2", offers_shown=shown, list_shown=None)
    messages, events = run(ActionChooseOption(), tracker)
    assert messages[-1]["response"] == replies.OFFERS and messages[-1]["need"] == MENU_NEEDS[1]


def test_every_other_answer_resets_the_list_marker() -> None:
    tracker = make_tracker("menu", "menu", list_shown=True, misses=1.0)
    _, events = run(ActionShowMenu(), tracker)
    assert slot_events(events) == {"list_shown": None, "misses": None}


def test_storage_and_phone_questions_are_answered_not_obeyed() -> None:
    assert replies.REPLY_FOR_INTENT["ask_storage"] == "utter_storage"
    assert replies.REPLY_FOR_INTENT["phone_safety"] == "utter_phone_safety"
    assert "utter_forgotten" not in {
        replies.REPLY_FOR_INTENT[i] for i in ("ask_storage", "phone_safety")
    }


# --- the kinder fallback -------------------------------------------------------------------

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "health", "confidence": 0.25},
    {"name": "greet", "confidence": 0.2},
    {"name": "sleep", "confidence": 0.1},
    {"name": "violence", "confidence": 0.05},
    {"name": "drugs", "confidence": 0.04},
    {"name": "debt", "confidence": 0.001},
]


def missed(misses: float | None, ranking: list | None = RANKING):
    tracker = make_tracker("nlu_fallback", "blah", misses=misses)
    if ranking is not None:
        tracker.latest_message["intent_ranking"] = ranking
    (message,), events = run(ActionShowMenu(), tracker)
    return message, slot_events(events)["misses"]


def test_the_first_miss_offers_the_likeliest_needs_with_their_menu_numbers() -> None:
    message, misses = missed(None)
    assert message["response"] == followup.FALLBACK_SUGGEST and misses == 1
    assert message["options"] == ["health", "sleep", "violence"]
    assert message["option_numbers"] == [MENU_NEEDS.index(n) + 1 for n in message["options"]]


def test_the_first_miss_without_a_ranking_asks_one_short_question() -> None:
    message, _ = missed(None, ranking=None)
    assert message["response"] == followup.FALLBACK_ASK


def test_misses_in_a_row_never_get_the_same_answer_three_times() -> None:
    answers, misses = [], None
    for _ in range(7):
        message, misses = missed(misses)
        answers.append(message["response"])
    assert answers[:3] == [
        followup.FALLBACK_SUGGEST,
        followup.FALLBACK_MENU,
        followup.FALLBACK_PERSON,
    ]
    assert "options" in missed(1.0)[0]  # the whole menu only on the second miss
    for i in range(len(answers) - 2):
        assert len(set(answers[i : i + 3])) > 1


def test_the_third_answer_names_talk_by_its_menu_number() -> None:
    assert menu_number("talk") == 14  # responses/dialogue.yml says "write 14"


def test_a_client_is_told_once() -> None:
    (message,), events = run(ActionBuyer(), make_tracker("buyer", "a girl tonight"))
    assert message["response"] == "utter_buyer" and slot_events(events)["buyer_told"] is True
    tracker = make_tracker("buyer", "how much", buyer_told=True)
    (message,), _ = run(ActionBuyer(), tracker)
    assert message["response"] == "utter_buyer_again"
