"""What a person says about themselves (lygte/person.py) and several needs in one text
(lygte/needs_in_text.py), read in the six languages."""

from __future__ import annotations

import pytest

from lygte.menu import MENU_NEEDS, menu_number
from lygte.needs_in_text import NEED_WORDS, URGENCY, needs_in_text
from lygte.person import NOBODY, PERSON_SLOTS, Person, read_person


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("I'm a man, need somewhere to sleep", "man"),
        ("jeg er en mand", "man"),
        ("sunt barbat", "man"),
        ("аз съм мъж", "man"),
        ("soy hombre", "man"),
        ("ผมเป็นผู้ชาย", "man"),
        ("im a woman", "woman"),
        ("jeg er kvinde", "woman"),
        ("sunt femeie", "woman"),
        ("жена съм", "woman"),
        ("sum jena", "woman"),  # Bulgarian in Latin letters
        ("soy una mujer", "woman"),
        ("ฉันเป็นผู้หญิง", "woman"),
        ("I'm trans", "trans"),
        ("I'm a trans woman", "trans"),  # trans, not only a woman
        ("jeg er transkvinde", "trans"),
        ("sunt trans", "trans"),
        ("съм транс", "trans"),
        ("soy trans", "trans"),
        ("ฉันเป็นกะเทย", "trans"),
    ],
)
def test_gender_said_about_oneself(text: str, gender: str) -> None:
    assert read_person(text).gender == gender


@pytest.mark.parametrize(
    "text",
    [
        "I'm not trans",
        "jeg er ikke trans",
        "no soy trans",
        "nu sunt trans",
        "не съм транс",
        "my friend is trans",
        "a man hit me",
        "im transferring money",
        "looking for a girl tonight",
    ],
)
def test_no_gender_from_negations_or_other_people(text: str) -> None:
    assert read_person(text).gender is None


@pytest.mark.parametrize(
    "text", ["I'm not trans", "jeg er ikke trans", "no soy trans", "ฉันไม่ใช่กะเทย"]
)
def test_a_negation_clears_the_gender_it_denies(text: str) -> None:
    trans = Person(gender="trans")
    assert read_person(text, trans).gender is None
    # ... and leaves another one alone
    assert read_person(text, Person(gender="woman")).gender == "woman"


def test_a_gender_is_kept_until_the_person_says_otherwise() -> None:
    man = read_person("im a man")
    assert read_person("where can I sleep", man).gender == "man"
    assert read_person("sorry, I'm a woman", man).gender == "woman"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("im 16 and got nowhere to sleep", 16),
        ("I'm 17", 17),
        ("jeg er 15 år", 15),
        ("jeg er kun 14", 14),
        ("am 17 ani", 17),
        ("на 16 съм", 16),
        ("sum na 16", 16),
        ("tengo 16 años", 16),
        ("อายุ 16", 16),
    ],
)
def test_an_age_under_18_makes_a_minor(text: str, age: int) -> None:
    person = read_person(text)
    assert (person.age, person.minor) == (age, True)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not 17",
        "jeg er 16:30 ved Nørreport",
        "i'm 15 min away",
        "tengo 16 euros",
        "ลูกอายุ 16",  # my child is 16
        "she is 16",
        "16",
    ],
)
def test_numbers_that_are_not_the_persons_age(text: str) -> None:
    assert read_person(text) == NOBODY


@pytest.mark.parametrize(
    "text", ["I'm under 18", "not 18 yet", "jeg er mindreårig", "soy menor", "непълнолетна съм"]
)
def test_under_18_in_words(text: str) -> None:
    person = read_person(text)
    assert person.minor is True and person.age is None


def test_an_adult_age_says_otherwise() -> None:
    minor = read_person("im 16")
    adult = read_person("sorry I'm 19", minor)
    assert (adult.age, adult.minor) == (19, False)
    assert read_person("I'm over 18", minor).minor is False
    assert read_person("where can i sleep", minor) == minor


@pytest.mark.parametrize(
    "text",
    [
        "læge uden cpr",
        "jeg har ikke et cpr",
        "no cpr",
        "i dont have a yellow card",
        "no papers",
        "fara acte",
        "nu am cpr",
        "нямам документи",
        "nqmam cpr",
        "sin papeles",
        "no tengo cpr",
        "ไม่มีบัตรเหลือง",
    ],
)
def test_no_cpr(text: str) -> None:
    assert read_person(text).no_cpr is True


@pytest.mark.parametrize("text", ["do I need a CPR number?", "tengo cpr", "what is cpr"])
def test_a_question_about_cpr_is_not_having_none(text: str) -> None:
    assert read_person(text).no_cpr is False


def test_having_a_cpr_number_says_otherwise() -> None:
    no_cpr = read_person("no cpr")
    assert read_person("i have a cpr number now", no_cpr).no_cpr is False
    assert read_person("no tengo cpr", no_cpr).no_cpr is True


@pytest.mark.parametrize(
    "text",
    [
        "I'm deaf",
        "i cant talk on the phone",
        "only sms pls",
        "kan ikke ringe",
        "jeg er døv",
        "nu pot sa sun",
        "не мога да се обадя",
        "no puedo llamar",
        "soy sorda",
        "โทรไม่ได้",
    ],
)
def test_cannot_call(text: str) -> None:
    assert read_person(text).no_calls is True


def test_being_able_to_call_says_otherwise() -> None:
    deaf = read_person("only sms")
    assert read_person("i can call now", deaf).no_calls is False


def test_slots_round_trip() -> None:
    person = Person(gender="trans", age=16, minor=True, no_cpr=True, no_calls=True)
    slots = person.slots()
    assert set(slots) == set(PERSON_SLOTS)
    assert Person.from_slots(slots) == person
    # nothing known is nothing stored
    assert set(NOBODY.slots().values()) == {None}
    assert Person.from_slots({}) == NOBODY


def ranking(*scores: tuple[str, float]) -> list[dict]:
    return [{"name": name, "confidence": confidence} for name, confidence in scores]


def test_several_needs_most_urgent_first() -> None:
    scores = ranking(("need_shower", 0.92), ("food_rest", 0.07), ("drugs", 0.001))
    assert needs_in_text("need_shower", scores, "hungry and need to wash") == [
        "food_rest",
        "need_shower",
    ]
    scores = ranking(("sleep", 0.57), ("violence", 0.4), ("food_rest", 0.01))
    assert needs_in_text("sleep", scores, "he hits me and i need a place to sleep") == [
        "violence",
        "sleep",
    ]


def test_a_second_need_needs_both_the_score_and_a_word() -> None:
    # the word without the score: "bad" (English) is not a shower
    scores = ranking(("food_rest", 0.9), ("need_shower", 0.001))
    assert needs_in_text("food_rest", scores, "i feel bad, where can i eat") == ["food_rest"]
    # the score without the word
    scores = ranking(("sleep", 0.9), ("food_rest", 0.05))
    assert needs_in_text("sleep", scores, "im a man need somewhere to sleep") == ["sleep"]
    # not a need at all
    scores = ranking(("sleep", 0.9), ("greet", 0.09))
    assert needs_in_text("sleep", scores, "hello, a bed please") == ["sleep"]


def test_five_needs_in_one_text() -> None:
    text = "I need food, a shower, somewhere to sleep tonight, a doctor and a test for hiv"
    scores = ranking(
        ("sleep", 0.43), ("sexual_health", 0.4), ("health", 0.09), ("food_rest", 0.03),
        ("need_shower", 0.02),
    )  # fmt: skip
    assert needs_in_text("sleep", scores, text) == [
        "health",
        "sexual_health",
        "sleep",
        "food_rest",
        "need_shower",
    ]


def test_every_need_has_words_and_an_urgency_and_a_menu_number() -> None:
    assert set(NEED_WORDS) == set(MENU_NEEDS)
    assert set(URGENCY) <= set(MENU_NEEDS)
    assert [menu_number(need) for need in MENU_NEEDS] == list(range(1, len(MENU_NEEDS) + 1))
