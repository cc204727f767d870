"""The guidance answers (responses/guidance.yml): complete, short on SMS, discreet, and true.

Each answer is the "how" of a need (register a CVR, tax, benefits, the law, leaving), sent
before the offers that fit. These tests hold the texts to the SMS rules of
responses/README.md and check that the sourced key facts reach every language.
"""

from __future__ import annotations

import re

import pytest

from bot.config import REPO_ROOT
from bot.formatting import GSM7_LANGUAGES, SIGNAL_MAX_CHARS, fit, sms_cost, to_gsm7
from bot.replies import SMS_BUDGET_SEGMENTS, render_reply
from bot.templates import TemplateStore
from lygte.lockscreen import sensitive_labels, topic_shown
from lygte.names import LANGUAGES
from lygte.replies import GUIDANCE
from lygte.templates import check_template, parse_file

GUIDANCE_FILE = REPO_ROOT / "responses" / "guidance.yml"
STORE = TemplateStore(REPO_ROOT / "responses", "da")
CHANNELS = ("sms", "signal")

#: What each guidance answer must say in every language and on both channels: the
#: sourced facts a person acts on (the sources are in the comments of guidance.yml).
KEY_FACTS: dict[str, tuple[str, ...]] = {
    # Virk, "Start virksomhed", private MitID, the DKK 50,000 VAT threshold.
    "utter_guidance_register_cvr": ("virk", "Start virksomhed", "MitID", "50"),
    # Registered with Skattestyrelsen; VAT 25 % from DKK 50,000 a calendar year.
    "utter_guidance_tax": ("Skattestyrelsen", "25%", "50"),
    # Where first-timers register (with the year of the source), MitID, 4 weekdays.
    "utter_guidance_money_benefits": (
        "Jobcenter København",
        "Gammel Køge Landevej 43",
        "2020",
        "MitID",
        "4",
    ),
    # The age limit of the legal frame.
    "utter_guidance_legal_help": ("18",),
    # The municipality's duty, with the Danish word the person will need.
    "utter_guidance_want_to_leave": ("kommune",),
}

#: What the fuller Signal answer adds, again in every language.
SIGNAL_FACTS: dict[str, tuple[str, ...]] = {
    "utter_guidance_register_cvr": ("virk.dk", "PMV", "Erhvervshus Hovedstaden"),
    "utter_guidance_tax": ("Erhvervshus Hovedstaden",),
    "utter_guidance_money_benefits": ("Mændenes Hjem",),
    "utter_guidance_legal_help": ("Offerrådgivningen", "112", "114"),
    "utter_guidance_want_to_leave": ("Settlementet", "Den Sociale Retshjælps Fond"),
}

#: "One SMS where possible": 160 GSM-7 characters for these languages.
ONE_SMS = 1
#: "Fuller, up to about 700 characters" on Signal: about one phone screen.
SIGNAL_GUIDANCE_CHARS = 800
#: A link or a bare domain (virk.dk): Danish operators filter SMS with links.
LINK_OR_DOMAIN = re.compile(r"https?://|www\.|\b[\w-]+\.(?:dk|com|org|net|eu)\b", re.I)
#: The only numbers these texts may give: the emergency routes (README "Telefonnumre").
ALLOWED_NUMBERS = {"112", "114"}


def guidance_templates():
    """The templates defined in guidance.yml, as the store loads them."""
    names = parse_file(GUIDANCE_FILE)
    templates = STORE.templates()
    return [templates[name] for name in names]


def rendered(name: str, language: str, channel: str) -> str:
    """The text the gateway renders for `name` (no arguments: guidance has no placeholders)."""
    return render_reply(STORE, name, {}, language, channel)


def phone_like_numbers(text: str) -> list[str]:
    """Numbers in `text` that could be a phone number: 6+ digits (spaces allowed between
    groups, as in 70 20 25 50) or a short number starting with 1 (112, 1813, 116 006)."""
    found = []
    for match in re.finditer(r"\d+(?: \d+)*", text):
        digits = match.group(0).replace(" ", "")
        if len(digits) >= 6 or re.fullmatch(r"1\d{2,3}", digits):
            found.append(match.group(0))
    return found


def test_the_file_holds_exactly_the_guidance_answers() -> None:
    assert set(parse_file(GUIDANCE_FILE)) == set(KEY_FACTS) == set(SIGNAL_FACTS)


def test_every_need_with_guidance_names_an_answer_in_the_file() -> None:
    names = {name for names in GUIDANCE.values() for name in names}
    assert names == set(parse_file(GUIDANCE_FILE))  # each answer is sent for some need


def test_the_template_store_accepts_the_file() -> None:
    for template in guidance_templates():
        assert template.source == GUIDANCE_FILE
        assert check_template(template) == [], template.name
        assert template.placeholders == ()
        assert set(template.unreviewed) <= set(LANGUAGES)


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_answer_has_its_own_text_in_every_language_on_both_channels(channel: str) -> None:
    for template in guidance_templates():
        # Signal has its fuller variant; SMS the short default text (or an sms: variant).
        texts = template.variants.get(channel, template.text)
        if channel == "signal":
            assert "signal" in template.variants, template.name
        for language in LANGUAGES:
            assert texts.get(language, "").strip(), (template.name, channel, language)
            assert rendered(template.name, language, channel) == texts[language].strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signal_answer_is_fuller_than_the_sms_and_fits_a_screen(language: str) -> None:
    for template in guidance_templates():
        sms, signal = (rendered(template.name, language, ch) for ch in CHANNELS)
        assert len(signal) > len(sms), (template.name, language)
        limit = min(SIGNAL_GUIDANCE_CHARS, SIGNAL_MAX_CHARS)
        assert len(signal) <= limit, (template.name, language, len(signal))
        (sent,) = fit(STORE, "signal", signal, language, SMS_BUDGET_SEGMENTS)
        assert sent == signal  # nothing cut off on Signal


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sms_answer_is_one_message_within_the_budget(language: str) -> None:
    for template in guidance_templates():
        text = rendered(template.name, language, "sms")
        # As the line sends it: one body, without the neutral lock-screen lead in front.
        bodies = fit(STORE, "sms", text, language, SMS_BUDGET_SEGMENTS)
        assert len(bodies) == 1, (template.name, language, bodies)
        cost = sms_cost(bodies[0])
        if language in GSM7_LANGUAGES:
            # Sent as GSM-7 after transliteration, losing no letter, in one SMS.
            assert cost.encoding == "GSM-7" and bodies[0] == to_gsm7(text).strip()
            assert len(to_gsm7(text)) == len(text), (template.name, language)
            assert cost.segments == ONE_SMS, (template.name, language, cost)
        else:
            assert cost.segments <= SMS_BUDGET_SEGMENTS, (template.name, language, cost)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_link_and_no_phone_number_in_an_sms(language: str) -> None:
    for template in guidance_templates():
        text = rendered(template.name, language, "sms")
        assert not LINK_OR_DOMAIN.search(text), (template.name, language)
        assert set(phone_like_numbers(text)) <= ALLOWED_NUMBERS, (template.name, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_signal_gives_no_phone_number_but_the_emergency_ones(language: str) -> None:
    for template in guidance_templates():
        text = rendered(template.name, language, "signal")
        assert set(phone_like_numbers(text)) <= ALLOWED_NUMBERS, (template.name, language)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lock_screen_shows_no_topic(language: str, channel: str) -> None:
    # The line's own check (lygte/lockscreen.py), on the text and on the first message as it
    # arrives; Signal too, since its notifications show on a lock screen as well.
    labels = sensitive_labels(STORE.templates())
    for template in guidance_templates():
        text = rendered(template.name, language, channel)
        first = fit(STORE, channel, text, language, SMS_BUDGET_SEGMENTS)[0]
        for shown in (text, first):
            assert topic_shown(shown, labels) is None, (template.name, shown)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_key_facts_reach_every_language(language: str, channel: str) -> None:
    for name, facts in KEY_FACTS.items():
        text = rendered(name, language, channel).casefold()
        extra = SIGNAL_FACTS[name] if channel == "signal" else ()
        for fact in (*facts, *extra):
            assert fact.casefold() in text, (name, language, channel, fact)


def test_phone_like_numbers_finds_phone_numbers_and_leaves_amounts() -> None:
    # The helper the number tests rely on, on the shapes that occur in these texts.
    text = "Ring 112, 70 20 25 50, 1813 og 116 006. Moms over 50.000 kr., 50 000 DKK, 2020, 43."
    assert phone_like_numbers(text) == ["112", "70 20 25 50", "1813", "116 006"]


def test_a_link_or_a_domain_is_caught() -> None:
    for text in ("se virk.dk", "www.virk.dk", "https://x.org/a", "skat.dk."):
        assert LINK_OR_DOMAIN.search(text), text
    assert not LINK_OR_DOMAIN.search("50.000 kr. og Start virksomhed på Virk.")
