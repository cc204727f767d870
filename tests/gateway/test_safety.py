"""Danger first and the forget keyword: found by words in six languages, without the model."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.config import REPO_ROOT
from bot.formatting import format_reply, sms_cost
from bot.safety import (
    KINDS,
    PHRASES,
    Danger,
    danger_from_intent,
    danger_response,
    detect_danger,
    fold,
    forget_keyword,
)
from bot.templates import TemplateStore
from engine.names import LANGUAGES

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
]

#: Everyday texts with words close to the danger words: no danger answer for these.
SAFE_TEXTS = [
    "I need a shower",
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
def test_every_danger_reply_exists_names_112_and_fits_three_sms(kind: str, language: str) -> None:
    template = STORE.templates()[danger_response(Danger(kind, ()))]
    text = template.text[language]
    assert "112" in text
    assert set(template.unreviewed) == set(LANGUAGES)
    (sms,) = format_reply("sms", text, language, 3)  # one message, within the budget
    assert sms_cost(sms).segments <= 3


def digits(text: str) -> set[str]:
    """Phone numbers written in a text, without spaces ("70 20 25 50" -> "70202550")."""
    return {re.sub(r"\D", "", m) for m in re.findall(r"(?<![\d-])\d[\d ]{1,12}\d(?![\d-])", text)}


def test_every_number_in_the_danger_replies_is_a_sourced_phone_number() -> None:
    phones = set()
    for path in (REPO_ROOT / "offers").glob("*.yml"):
        phone = yaml.safe_load(path.read_text(encoding="utf-8")).get("phone")
        if phone:
            phones.add(re.sub(r"\D", "", phone).removeprefix("45"))
    for kind in KINDS:
        for language, text in STORE.templates()[f"utter_danger_{kind}"].text.items():
            for number in digits(text):
                if len(number) >= 3:  # "9-11", "13-15" are hours, not numbers
                    assert number in phones, (kind, language, number)


def test_the_right_line_for_each_kind() -> None:
    english = {kind: STORE.templates()[f"utter_danger_{kind}"].text["en"] for kind in KINDS}
    assert "70 20 25 50" in english["trafficking"]
    assert "35 45 97 78" in english["rape"]
    assert "1888" in english["violence"] and "Den Sociale Døgnvagt" in english["violence"]
    assert "114" in english["robbery"]


def test_the_advice_line_hours_match_the_offers_list() -> None:
    offer = yaml.safe_load(
        (REPO_ROOT / "offers" / "center-for-seksuelle-overgreb-raadgivning.yml").read_text()
    )
    assert offer["opening_hours"] == "Tu 09:00-11:00; Th 13:00-15:00"
    for text in STORE.templates()["utter_danger_rape"].text.values():
        assert "9-11" in text and "13-15" in text


def test_fold_keeps_thai_marks_and_strips_latin_and_cyrillic_ones() -> None:
    assert fold("ÎN Pericol") == "in pericol"
    assert fold("ИЗТРИЙ") == "изтрии"
    assert fold("ข่มขืน") == "ข่มขืน"
