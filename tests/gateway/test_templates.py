"""The staff-edited templates: complete, safe for the SMS channel, and reloaded on change."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bot.config import REPO_ROOT
from bot.formatting import GSM7_LANGUAGES, format_reply, is_gsm7, sms_cost, to_gsm7
from bot.replies import render_reply
from bot.templates import TemplateStore
from lygte.menu import (
    FIRST_PAGE,
    LANGUAGE_OPTION,
    MENU_NEEDS,
    MORE_OPTION,
    language_menu_arguments,
    menu_arguments,
)
from lygte.names import LANGUAGES
from lygte.replies import ALL_RESPONSES
from lygte.templates import PLACEHOLDER, TemplateError, check_template, parse_text

SENSITIVE = re.compile(r"sex|prostitu|escort", re.IGNORECASE)
STORE = TemplateStore(REPO_ROOT / "responses", "da")


def all_texts():
    for template in STORE.templates().values():
        for channel, texts in [("text", template.text), *template.variants.items()]:
            for language, text in texts.items():
                yield template, channel, language, text


def test_every_response_the_engine_can_ask_for_has_a_template() -> None:
    assert ALL_RESPONSES <= set(STORE.templates())
    labels = {f"label_{option}" for option in language_menu_arguments()["options"]}
    labels |= {f"label_{need}" for need in (*MENU_NEEDS, LANGUAGE_OPTION)}
    assert labels <= set(STORE.templates())


def test_every_template_exists_in_every_language() -> None:
    for template in STORE.templates().values():
        for texts in (template.text, *template.variants.values()):
            assert set(LANGUAGES) <= set(texts), template.name
            assert all(texts[language].strip() for language in LANGUAGES), template.name


def test_placeholders_are_declared_and_used() -> None:
    for template, channel, language, text in all_texts():
        used = set(PLACEHOLDER.findall(text))
        assert used == set(template.placeholders), (template.name, channel, language)


@pytest.mark.parametrize("language", ("da", "en"))
def test_danish_and_english_templates_stay_in_gsm7(language: str) -> None:
    for template, _channel, lang, text in all_texts():
        if lang == language:
            assert is_gsm7(PLACEHOLDER.sub("", text)), (template.name, text)


@pytest.mark.parametrize("language", ("ro", "es"))
def test_romanian_and_spanish_lose_no_letter_when_sent_as_gsm7(language: str) -> None:
    # Written with correct diacritics; bot/formatting.to_gsm7 transliterates them (ș -> s).
    for template, _channel, lang, text in all_texts():
        if lang == language:
            assert len(to_gsm7(text)) == len(text), (template.name, text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("message", ["menu", "0"])
def test_every_menu_page_fits_in_one_sms(language: str, message: str) -> None:
    text = render_reply(STORE, "utter_menu", menu_arguments(language, message), language, "sms")
    bodies = format_reply("sms", text, language, 3)
    assert len(bodies) == 1 and sms_cost(bodies[0]).segments == 1, (language, text)
    numbers = [line.split()[0] for line in text.splitlines()[1:]]
    options = len(MENU_NEEDS) + 1  # the needs, then "language"
    if language in GSM7_LANGUAGES:
        assert numbers == [str(n) for n in range(1, options + 1)]
    elif message == "0":
        assert numbers == [str(n) for n in range(FIRST_PAGE + 1, options + 1)]
    else:
        assert numbers == [*(str(n) for n in range(1, FIRST_PAGE + 1)), MORE_OPTION]


#: What each language's list of languages must show, as it arrives on the phone.
LANGUAGE_LIST = {
    "gsm7": ["16 Dansk", "17 English", "18 Romana", "19 Bulgarski", "20 Español", "21 Thai"],
    "ucs2": ["16 Dansk", "17 English", "18 Română", "19 Български", "20 Español", "21 ไทย"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_of_languages_fits_in_one_sms_and_names_every_language(language: str) -> None:
    text = render_reply(STORE, "utter_menu", language_menu_arguments(), language, "sms")
    (body,) = format_reply("sms", text, language, 3)
    assert sms_cost(body).segments == 1, (language, body)
    shown = LANGUAGE_LIST["gsm7" if language in GSM7_LANGUAGES else "ucs2"]
    assert body.splitlines()[1:] == shown


@pytest.mark.parametrize("language", ("bg", "th"))
def test_ucs2_fixed_texts_stay_within_three_sms(language: str) -> None:
    for template, channel, lang, text in all_texts():
        if lang == language and channel != "signal" and not template.placeholders:
            assert sms_cost(text).segments <= 3, (template.name, text)


def test_no_sensitive_word_in_the_first_40_characters() -> None:
    for template, channel, language, text in all_texts():
        assert not SENSITIVE.search(text[:40]), (template.name, channel, language)


@pytest.mark.parametrize(
    ("lead", "word"),
    [
        ("Vold i hjemmet? Ring til os", "Vold"),
        ("Drugs and alcohol: where to go", "Drug"),
        ("Hjælp hvis du er i prostitution", "prostitu"),
        ("Насилие у дома", "Насил"),
        ("ยาเสพติด: ที่ปรึกษา", "ยาเสพติด"),
    ],
)
def test_staff_cannot_save_a_text_whose_start_names_a_topic(lead: str, word: str) -> None:
    """The save check uses the lock screen's own words (lygte/lockscreen.py)."""
    entry = f"utter_test:\n  about: a test\n  text: {{da: '{lead}', en: 'Hello'}}\n"
    template = parse_text(entry, Path("test.yml"))["utter_test"]
    assert [
        f"text.da: the word {word!r} is in the first 40 characters (shown on a lock screen)"
    ] == [problem for problem in check_template(template) if "lock screen" in problem]


def test_the_sensitive_needs_labels_may_name_their_need() -> None:
    """A label heading a list gets the neutral line first when it is sent (bot/formatting.py)."""
    for name in ("label_drugs", "label_violence"):
        assert check_template(STORE.templates()[name]) == [], name


def test_no_links_in_templates() -> None:
    for template, _channel, _language, text in all_texts():
        assert "http" not in text and "www." not in text, template.name


def test_render_fills_placeholders_and_falls_back_to_the_default_language() -> None:
    assert "7" in STORE.render("part_phone", "en", "sms", {"phone": "7"})
    assert STORE.render("utter_greet", "xx", "sms") == STORE.render("utter_greet", "da", "sms")


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()  # make sure the change is visible even within one clock tick
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    write(path, "utter_x:\n  placeholders: []\n  text: {da: en, en: one}\n")
    store = TemplateStore(tmp_path, "da")
    assert store.render("utter_x", "en", "sms") == "one"
    write(path, "utter_x:\n  placeholders: []\n  text: {da: to, en: two}\n")
    assert store.render("utter_x", "en", "sms") == "two"


def test_a_snapshot_keeps_one_set_while_the_store_reads_the_change(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    write(path, "utter_x:\n  placeholders: []\n  text: {da: en, en: one}\n")
    store = TemplateStore(tmp_path, "da")
    message = store.snapshot()  # what one message is rendered from
    write(path, "utter_x:\n  placeholders: []\n  text: {da: to, en: two}\n")
    assert message.render("utter_x", "en", "sms") == "one"
    assert store.render("utter_x", "en", "sms") == "two"
    assert store.snapshot().render("utter_x", "en", "sms") == "two"


def test_channel_variant_wins_on_its_channel(tmp_path: Path) -> None:
    write(tmp_path / "a.yml", "utter_x:\n  text: {da: a, en: b}\n  signal: {en: c}\n")
    store = TemplateStore(tmp_path, "da")
    assert store.render("utter_x", "en", "sms") == "b"
    assert store.render("utter_x", "en", "signal") == "c"


def test_placeholders_cannot_reach_python_objects(tmp_path: Path) -> None:
    write(tmp_path / "a.yml", "utter_x:\n  text: {da: '{0.__class__} {name.__init__} {n}'}\n")
    store = TemplateStore(tmp_path, "da")
    assert store.render("utter_x", "da", "sms", {"n": "1"}) == "{0.__class__} {name.__init__} 1"


@pytest.mark.parametrize(
    "files",
    [
        {"a.yml": "utter_x: [broken"},
        {"a.yml": "utter_x:\n  about: no text\n"},
        {"a.yml": "- a list\n"},
        {"a.yml": "utter_x:\n  text: {da: a}\n", "b.yml": "utter_x:\n  text: {da: b}\n"},
    ],
)
def test_broken_files_are_reported(tmp_path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        write(tmp_path / name, text)
    with pytest.raises(TemplateError):
        TemplateStore(tmp_path, "da").templates()


def test_missing_template_is_an_error() -> None:
    with pytest.raises(TemplateError):
        STORE.render("utter_does_not_exist", "da", "sms")
