"""Danger first and the forget keyword: found by words in six languages, without the model."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.config import REPO_ROOT
from bot.formatting import format_reply, sms_cost
from bot.safety import (
    ADDED_KINDS,
    KINDS,
    PHRASES,
    Danger,
    danger_for,
    danger_from_intent,
    danger_responses,
    detect_danger,
    forget_keyword,
)
from bot.templates import TemplateStore
from lygte.names import LANGUAGES
from lygte.person import AGE_TEMPLATES, read_person

STORE = TemplateStore(REPO_ROOT / "responses", "da")

#: (language, text as a person might write it, the kind of danger it is about)
DANGER_TEXTS = [
    ("da", "han slog mig i går og jeg tør ikke gå hjem", "violence"),
    ("da", "jeg er blevet voldtaget", "rape"),
    ("da", "de har låst mig inde, er låst inde i lejligheden", "trafficking"),
    ("da", "han har mit pas og jeg må ikke gå ud", "trafficking"),
    ("da", "en kunde truer mig med kniv", "acute"),
    ("da", "jeg blev røvet i nat", "robbery"),
    ("da", "jeg er i fare", "acute"),
    ("en", "a client raped me last night", "rape"),
    ("en", "my boyfriend beats me", "violence"),
    ("en", "he hurt me", "violence"),
    ("en", "i was robbed, he took my money", "robbery"),
    ("en", "they took my passport and i am locked in", "trafficking"),
    ("en", "he says he is going to kill me", "acute"),
    ("en", "im in danger pls", "acute"),
    ("ro", "m-a bătut clientul", "violence"),
    ("ro", "am fost violată", "rape"),
    ("ro", "mi-au luat pașaportul si nu ma lasa sa plec", "trafficking"),
    ("ro", "sunt in pericol", "acute"),
    ("ro", "m-a jefuit un barbat", "robbery"),
    ("bg", "той ме бие всеки ден", "violence"),
    ("bg", "бях изнасилена", "rape"),
    ("bg", "заключена съм в апартамента", "trafficking"),
    ("bg", "взеха ми паспорта", "trafficking"),
    ("bg", "в опасност съм", "acute"),
    ("bg", "ограбиха ме снощи", "robbery"),
    ("es", "me pegó un cliente", "violence"),
    ("es", "me violaron anoche", "rape"),
    ("es", "estoy encerrada y tienen mi pasaporte", "trafficking"),
    ("es", "me amenaza con un cuchillo", "acute"),
    ("es", "me robaron todo el dinero", "robbery"),
    ("th", "ฉันถูกข่มขืน", "rape"),
    ("th", "แฟนทำร้ายฉัน", "violence"),
    ("th", "ฉันถูกขังไว้ในห้อง", "trafficking"),
    ("th", "เขายึดพาสปอร์ตของฉัน", "trafficking"),
    ("th", "ฉันอยู่ในอันตราย", "acute"),
    ("th", "ฉันถูกปล้น", "robbery"),
    ("da", "jeg tænker på selvmord", "suicide"),
    ("da", "jeg vil ikke leve mere", "suicide"),
    ("da", "har skåret i mig selv i nat", "suicide"),
    ("en", "i want to kill myself", "suicide"),
    ("en", "kms", "suicide"),
    ("en", "i just want to end it all", "suicide"),
    ("en", "i've been self harming", "suicide"),
    ("ro", "vreau să mor", "suicide"),
    ("ro", "ma gandesc la sinucidere", "suicide"),
    ("bg", "искам да умра", "suicide"),
    ("bg", "iskam da umra", "suicide"),
    ("bg", "мисля да се самоубия", "suicide"),
    ("es", "quiero morir", "suicide"),
    ("es", "me quiero matar", "suicide"),
    ("es", "pienso en el suicidio", "suicide"),
    ("th", "อยากตาย", "suicide"),
    ("th", "คิดจะฆ่าตัวตาย", "suicide"),
    ("da", "jeg er 16", "minor"),
    ("da", "jeg er 15 år", "minor"),
    ("en", "im 17", "minor"),
    ("en", "i'm 16 years old", "minor"),
    ("ro", "am 16 ani", "minor"),
    ("bg", "на 16 съм", "minor"),
    ("es", "tengo 16 años", "minor"),
    ("es", "tengo 15 años de edad", "minor"),
    ("th", "อายุ 16", "minor"),
]

#: Everyday texts with words close to the danger words: no danger answer for these.
SAFE_TEXTS = [
    "I need a shower",
    "my feet hurt me after the night",
    "jeg har brug for et sted at sove",
    "stop med stoffer",
    "I want to stop selling sex",
    "eres un robot?",
    "biblioteca este închisă?",
    "emergency contraception please",
    "hvornår er der åbent",
    "slet",
    "necesito un médico",
    "нужен ми е лекар",
    "ฉันต้องการอาบน้ำ",
    "menu",
    "hit the road",
    "my tooth is killing me",
    "I'm dying for a shower",
    "jeg døde af grin",
    "kys",
    "jeg er 16:30 ved Nørreport",
    "det koster 17 kr",
    "bus 16",
    "jeg er 18",
    "im 15 min away",
    "tengo 16 euros",
    "ลูกอายุ 16",
    "the shelter is 5 kms away",
    "i was killing myself laughing",
    "tengo 10 años de experiencia",
]


@pytest.mark.parametrize(("language", "text", "kind"), DANGER_TEXTS)
def test_danger_texts_are_found_in_every_language(language: str, text: str, kind: str) -> None:
    danger = detect_danger(text)
    assert danger is not None, text
    assert danger.kind == kind
    assert danger.language(None) == language


def test_the_test_set_covers_every_language_and_kind() -> None:
    assert {lang for lang, _, _ in DANGER_TEXTS} == set(LANGUAGES)
    assert {kind for _, _, kind in DANGER_TEXTS} == set(KINDS)
    for kind in KINDS:
        assert set(PHRASES[kind]) == set(LANGUAGES), kind


@pytest.mark.parametrize("text", SAFE_TEXTS)
def test_everyday_texts_are_not_danger(text: str) -> None:
    assert detect_danger(text) is None


#: Phrases that contain a more urgent kind's phrase, and why that reply is right for them too.
SWALLOWED = {
    "slår mig ihjel": "violence",  # "slår mig": both replies lead with 112, then 1888
}


def phrase_text(phrase: str) -> str:
    """A text that is the phrase itself ("*" completed to a word)."""
    return phrase.replace("*", "e")


@pytest.mark.parametrize(
    ("kind", "language", "phrase"),
    [
        (kind, language, phrase)
        for kind, by_language in PHRASES.items()
        for language, phrases in by_language.items()
        for phrase in phrases
    ],
)
def test_every_phrase_alone_is_its_own_kind(kind: str, language: str, phrase: str) -> None:
    # A phrase that a more urgent kind's phrase swallows could never give its own reply.
    danger = detect_danger(phrase_text(phrase))
    assert danger is not None, phrase
    assert danger.kind == SWALLOWED.get(phrase, kind), (phrase, danger)
    assert language in danger.languages


def test_every_language_says_its_age() -> None:
    assert set(AGE_TEMPLATES) == set(LANGUAGES)


@pytest.mark.parametrize("age", range(10, 18))
def test_ages_10_to_17_are_minors_and_18_and_9_are_not(age: int) -> None:
    assert detect_danger(f"jeg er {age} år").kind == "minor"
    assert detect_danger(f"im {age} and need help").kind == "minor"
    assert detect_danger(f"tengo {age} años").kind == "minor"
    assert detect_danger(f"หนูอายุ {age} ปี").kind == "minor"
    for other in (age - 8, age + 8):  # 2-9 and 18-25
        assert detect_danger(f"jeg er {other} år") is None
        assert detect_danger(f"im {other} and need help") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i want to kill myself", "suicide"),
        ("he wants to kill me", "acute"),
        ("jeg vil slå mig selv ihjel", "suicide"),
        ("han vil slå mig ihjel", "acute"),
        ("quiero matarme", "suicide"),
        ("me quiero matar", "suicide"),
        ("me quieren matar", "acute"),
        ("me van a matar", "acute"),
        ("van a matarme", "acute"),
        ("vreau sa ma omor", "suicide"),
        ("ma omoara", "acute"),
        ("ще се убия", "suicide"),
        ("ще ме убие", "acute"),
        ("ทำร้ายตัวเอง", "suicide"),
        ("แฟนทำร้ายฉัน", "violence"),
        ("he beat me and now i want to die", "suicide"),
        ("they took my passport, i want to end it all", "suicide"),
    ],
)
def test_suicide_comes_first_and_is_told_apart_from_a_threat(text: str, kind: str) -> None:
    assert detect_danger(text).kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("jeg er 16 og blev voldtaget i går", "rape"),
        ("im 15 and i want to die", "suicide"),
        ("am 16 ani si m-a batut", "violence"),
        ("tengo 17 años y me robaron", "robbery"),
    ],
)
def test_a_minor_gets_the_other_reply_first_and_the_minor_reply_after(text: str, kind: str) -> None:
    danger = detect_danger(text)
    assert danger.kind == kind and danger.also == ("minor",)
    assert danger_responses(danger) == (f"utter_danger_{kind}", "utter_danger_minor")


def test_a_minor_alone_gets_the_minor_reply_alone() -> None:
    danger = detect_danger("jeg er 16 og har ingen steder at sove")
    assert danger == Danger("minor", ("da",))
    assert danger_responses(danger) == ("utter_danger_minor",)


def test_danger_for_combines_the_words_and_the_engines_intent() -> None:
    # Only an age in the words, a trafficking intent from the engine: both replies.
    both = danger_for(detect_danger("im 16 and they keep me here"), "trafficking")
    assert both == Danger("trafficking", ("en",), ("minor",))
    # The words' kind leads when they name one; the intent alone still counts.
    assert danger_for(detect_danger("i want to die"), "violence").kind == "suicide"
    assert danger_for(detect_danger("they keep me here"), "trafficking") == Danger(
        "trafficking", ()
    )
    assert danger_for(detect_danger("im 16"), "need_shower") == Danger("minor", ("en",))
    assert danger_for(detect_danger("I need a shower"), "need_shower") is None


def test_diacritics_and_case_do_not_matter() -> None:
    assert detect_danger("SUNT ÎN PERICOL").kind == "acute"
    assert detect_danger("sunt in pericol").kind == "acute"
    assert detect_danger("ME VIOLARON").kind == "rape"


def test_the_conversation_language_wins_when_its_words_matched() -> None:
    danger = detect_danger("pistol")  # the same word in Danish and Romanian
    assert danger is not None and set(danger.languages) == {"da", "ro"}
    assert danger.language("ro") == "ro" and danger.language("da") == "da"
    assert danger.language("en") in ("da", "ro")


def test_the_engines_violence_and_trafficking_intents_are_danger_too() -> None:
    assert danger_from_intent("violence").kind == "violence"
    assert danger_from_intent("trafficking").kind == "trafficking"
    assert danger_from_intent("need_shower") is None and danger_from_intent(None) is None
    assert danger_from_intent("violence").language("bg") == "bg"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("SLET", "da"),
        ("slet", "da"),
        ("Glem.", "da"),
        ("DELETE", "en"),
        ("delete!", "en"),
        ("ȘTERGE", "ro"),
        ("sterge", "ro"),
        ("ŞTERGE", "ro"),
        ("ИЗТРИЙ", "bg"),
        ("изтрии", "bg"),
        ("BORRAR", "es"),
        ("ลบ", "th"),
    ],
)
def test_the_forget_keyword_in_every_language(text: str, language: str) -> None:
    assert forget_keyword(text) == language


@pytest.mark.parametrize("text", ["slet mig ikke endnu", "delete this app?", "", "ลบข้อความ"])
def test_only_the_single_word_is_the_forget_keyword(text: str) -> None:
    assert forget_keyword(text) is None


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_danger_reply_exists_and_fits_three_sms(kind: str, language: str) -> None:
    template = STORE.templates()[danger_responses(Danger(kind, ()))[0]]
    text = template.text[language]
    # 112 leads every danger reply; an added reply follows one that already named it.
    assert ("112" in text) is (kind not in ADDED_KINDS)
    assert set(template.unreviewed) == set(LANGUAGES)
    (sms,) = format_reply("sms", text, language, 3)  # one message, within the budget
    assert sms_cost(sms).segments <= 3
    if language in ("bg", "th"):  # UCS-2: under 200 characters
        assert len(text) < 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_suicide_reply_names_112_and_livslinien_and_never_a_violence_line(
    language: str,
) -> None:
    text = STORE.templates()["utter_danger_suicide"].text[language]
    assert text.index("112") < text.index("70 201 201")
    assert "Livslinien" in text and "1813" in text
    assert "1888" not in text and "Lev Uden Vold" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rape_reply_names_the_line_that_is_always_open(language: str) -> None:
    text = STORE.templates()["utter_danger_rape"].text[language]
    assert text.index("112") < text.index("116 006") and "35 45 97 78" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_minor_reply_names_boernetelefonen_and_joannahuset(language: str) -> None:
    text = STORE.templates()["utter_danger_minor"].text[language]
    assert "116 111" in text and "Joannahuset" in text and "Kong Georgs Vej 21" in text
    assert "1888" not in text


def digits(text: str) -> set[str]:
    """Phone numbers written in a text, without spaces ("70 20 25 50" -> "70202550")."""
    return {re.sub(r"\D", "", m) for m in re.findall(r"(?<![\d-])\d[\d ]{1,12}\d(?![\d-])", text)}


def sourced_phones() -> set[str]:
    """Every phone number in the offers list, digits only, without the +45 country code."""
    phones = set()
    for path in (REPO_ROOT / "offers").glob("*.yml"):
        phone = yaml.safe_load(path.read_text(encoding="utf-8")).get("phone")
        for number in phone if isinstance(phone, list) else [phone]:
            if number:
                digits_only = re.sub(r"\D", "", number)
                phones.add(digits_only[2:] if number.startswith("+45") else digits_only)
    return phones


def test_digits_finds_phone_numbers_and_not_hours() -> None:
    assert digits("ring 70 201 201, tirsdag 9-11") == {"70201201"}
    assert digits("116 006 (24 timer), 35 45 97 78") == {"116006", "35459778"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_number_in_the_danger_replies_is_a_sourced_phone_number(kind: str) -> None:
    phones = sourced_phones()
    for language, text in STORE.templates()[f"utter_danger_{kind}"].text.items():
        for number in digits(text):
            if len(number) >= 3:  # "21" in an address, "18" in "under 18" are not numbers
                assert number in phones, (kind, language, number)


def test_the_right_line_for_each_kind() -> None:
    english = {kind: STORE.templates()[f"utter_danger_{kind}"].text["en"] for kind in KINDS}
    assert "70 20 25 50" in english["trafficking"]
    assert "35 45 97 78" in english["rape"]
    assert "1888" in english["violence"] and "Den Sociale Døgnvagt" in english["violence"]
    assert "114" in english["robbery"]
    assert "70 201 201" in english["suicide"] and "1813" in english["suicide"]
    assert "116 006" in english["rape"]
    assert "116 111" in english["minor"] and "Joannahuset" in english["minor"]


def offer(offer_id: str) -> dict:
    """One entry of the offers list."""
    return yaml.safe_load((REPO_ROOT / "offers" / f"{offer_id}.yml").read_text(encoding="utf-8"))


def test_the_lines_called_day_and_night_are_open_day_and_night_in_the_offers_list() -> None:
    for offer_id in ("offerraadgivningen", "boernetelefonen", "joannahuset"):
        assert offer(offer_id)["opening_hours"] == "24/7", offer_id
    # Livslinien's hours are not confirmed: the reply promises none.
    assert offer("livslinien")["opening_hours"] is None
    street = offer("joannahuset")["address"]["street"]
    for text in STORE.templates()["utter_danger_minor"].text.values():
        assert street in text


def test_the_advice_line_hours_match_the_offers_list() -> None:
    offer = yaml.safe_load(
        (REPO_ROOT / "offers" / "center-for-seksuelle-overgreb-raadgivning.yml").read_text()
    )
    # The weekly hours the reply names; holidays may follow as their own rules.
    assert offer["opening_hours"].startswith("Tu 09:00-11:00; Th 13:00-15:00")
    for text in STORE.templates()["utter_danger_rape"].text.values():
        assert "9-11" in text and "13-15" in text


#: An under-18 in every language: by age (lygte/person.py's patterns) or by words.
MINORS = [
    "im 16 and got nowhere to sleep tonight",
    "I'm 17",
    "i am only 15",
    "just turned 16",
    "jeg er 15 år",
    "jeg er kun 14",
    "har lige fyldt 16",
    "am 17 ani",
    "am doar 16 ani",
    "на 16 съм",
    "sum na 16",
    "tengo 16 años",
    "acabo de cumplir 15",
    "อายุ 16",
    "I'm under 18",
    "not 18 yet",
    "jeg er mindreårig",
    "sunt minora",
    "soy menor",
    "непълнолетна съм",
    "ยังไม่ถึง 18",
]
#: Numbers that are not the writer's age.
NOT_AGES = [
    "jeg er 16:30 ved Nørreport",
    "i'm 15 min away",
    "tengo 16 euros",
    "ลูกอายุ 16",
    "am 10 ani de experiență",
]


@pytest.mark.parametrize("text", MINORS)
def test_an_under_18_gets_the_minor_reply_and_the_offers_for_minors(text: str) -> None:
    # The gateway's danger route and the action server's person slots read the same person.
    danger = detect_danger(text)
    assert danger is not None and "minor" in (danger.kind, *danger.also)
    assert read_person(text).minor is True


@pytest.mark.parametrize("text", NOT_AGES)
def test_other_numbers_are_no_age(text: str) -> None:
    assert detect_danger(text) is None
    assert read_person(text).minor is None
