"""The staff interface in Danish and English (the language is a cookie the page links set)."""

from __future__ import annotations

import re

LANGUAGES = ("da", "en")
COOKIE = "lygte_staff_lang"

#: Every text of the interface: key -> (Danish, English).
TEXTS: dict[str, tuple[str, str]] = {
    "app": ("Lygte - redigering", "Lygte - editor"),
    "skip": ("Spring til indholdet", "Skip to content"),
    "nav": ("Hovedmenu", "Main menu"),
    "templates": ("Svartekster", "Reply texts"),
    "offers": ("Steder", "Offers"),
    "simulator": ("Telefon-simulator", "Phone simulator"),
    "logout": ("Log ud", "Log out"),
    "logged_in_as": ("Logget ind som", "Logged in as"),
    "other_language": ("English", "Dansk"),
    "login": ("Log ind", "Log in"),
    "name": ("Navn", "Name"),
    "password": ("Adgangskode", "Password"),
    "login_failed": ("Forkert navn eller adgangskode.", "Wrong name or password."),
    "throttled": (
        "For mange forkerte forsøg. Vent {minutes} minutter og prøv igen.",
        "Too many wrong attempts. Wait {minutes} minutes and try again.",
    ),
    "login_expired": (
        "Siden var for gammel. Prøv igen.",
        "The page had expired. Please try again.",
    ),
    "logged_out": ("Du er logget ud.", "You are logged out."),
    "response": ("Svar", "Response"),
    "about": ("Bruges når", "Used when"),
    "languages": ("Sprog", "Languages"),
    "variants": ("Kanal-varianter", "Channel variants"),
    "file": ("Fil", "File"),
    "unreviewed": ("ikke gennemlæst", "not reviewed"),
    "review": ("Gennemlæsning", "Review"),
    "cannot_save": ("Kan ikke gemmes sådan:", "Cannot be saved like this:"),
    "reviewed_box": (
        "Jeg (eller en kollega) har læst og godkendt teksten på {language}",
        "I (or a colleague) have read and approved the {language} text",
    ),
    "edit": ("Ret", "Edit"),
    "placeholders": ("Felter, som systemet udfylder", "Placeholders the system fills in"),
    "no_placeholders": (
        "Ingen felter: skriv ingen {krøllede parenteser}.",
        "No placeholders: write no {curly braces}.",
    ),
    "placeholders_help": (
        "Behold hvert felt præcis som det står, på alle sprog.",
        "Keep each placeholder exactly as written, in every language.",
    ),
    "default_text": ("Tekst", "Text"),
    "variant_sms": ("Kun på SMS", "SMS only"),
    "variant_signal": ("Kun på Signal", "Signal only"),
    "text_in": ("{what} på {language}", "{what} in {language}"),
    "preview": ("Vis forhåndsvisning", "Show preview"),
    "preview_title": ("Sådan ser personen det", "As the person will see it"),
    "preview_note": (
        "Med realistiske værdier i felterne (det længste behov, tre lange steder).",
        "With realistic values in the placeholders (the longest need, three long offers).",
    ),
    "as_sms": ("Som SMS", "As SMS"),
    "as_signal": ("Som Signal", "As Signal"),
    "sms_cost": (
        "{segments} SMS i alt, {encoding}, {left} tegn tilbage af budgettet på {budget} SMS",
        "{segments} SMS in all, {encoding}, {left} characters left of the budget of {budget} SMS",
    ),
    "message_n": ("Besked {n}", "Message {n}"),
    "save": ("Gem", "Save"),
    "saved": (
        "Gemt. Ændringen gælder fra næste besked.",
        "Saved. The change applies from the next message.",
    ),
    "restored": ("Den tidligere version er sat i stedet.", "The earlier version is back in place."),
    "not_saved": ("Ikke gemt:", "Not saved:"),
    "stale": (
        "Ikke gemt: en anden har gemt en ny version, mens du skrev. Din tekst står stadig "
        "i felterne nedenfor; sammenlign med den nye version under Historik og gem igen.",
        "Not saved: someone else saved a new version while you were writing. Your text is "
        "still in the fields below; compare with the new version under History and save again.",
    ),
    "history": ("Historik", "History"),
    "history_of": ("Historik: {name}", "History: {name}"),
    "when": ("Hvornår (UTC)", "When (UTC)"),
    "who": ("Hvem", "Who"),
    "what": ("Hvad", "What"),
    "action_original": ("før første ændring", "before the first edit"),
    "action_save": ("gemt", "saved"),
    "action_restore": ("sat tilbage", "restored"),
    "version": ("Version", "Version"),
    "current": ("den nuværende", "the current one"),
    "restore": ("Sæt denne version tilbage", "Restore this version"),
    "no_history": ("Ingen ændringer endnu.", "No changes yet."),
    "back": ("Tilbage", "Back"),
    "try_simulator": (
        "Prøv ændringen i telefon-simulatoren (åbner i et nyt vindue).",
        "Try the change in the phone simulator (opens in a new window).",
    ),
    "offer": ("Sted", "Offer"),
    "status": ("Status", "Status"),
    "status_confirmed": ("bekræftet", "confirmed"),
    "status_unconfirmed": ("ikke bekræftet", "unconfirmed"),
    "status_temporarily_closed": ("midlertidigt lukket", "temporarily closed"),
    "hours": ("Åbningstider", "Opening hours"),
    "hours_help": (
        "OpenStreetMap-format, fx Mo-Fr 10:00-13:00; Sa 12:00-16:00 eller 24/7. "
        "PH = helligdage. Tomt = ukendt.",
        "OpenStreetMap syntax, e.g. Mo-Fr 10:00-13:00; Sa 12:00-16:00 or 24/7. "
        "PH = public holidays. Empty = unknown.",
    ),
    "hours_confirmed": (
        "Tiderne er bekræftet af en aktuel, officiel kilde",
        "The hours are confirmed by a current, official source",
    ),
    "hours_unconfirmed_note": (
        'Ikke bekræftede tider bliver aldrig sendt; linjen skriver "ring først".',
        'Unconfirmed hours are never sent; the line says "call first".',
    ),
    "phone": ("Telefon", "Phone"),
    "phone_help": (
        'Fx "+45 33 17 41 22" eller et kort nummer som 112. Tomt = ukendt.',
        'E.g. "+45 33 17 41 22" or a short number such as 112. Empty = unknown.',
    ),
    "address": ("Adresse", "Address"),
    "street": (
        "Gade og nummer (tomt = ingen fast adresse)",
        "Street and number (empty = no fixed address)",
    ),
    "postcode": ("Postnummer", "Postcode"),
    "city": ("By eller bydel", "City or district"),
    "closed_until": ("Lukket indtil (dato)", "Closed until (date)"),
    "closed_until_help": (
        "Kun sammen med status midlertidigt lukket. Fra den dag vises stedet igen.",
        "Only with status temporarily closed. From that day the offer is shown again.",
    ),
    "verified": ("Kontrolleret den", "Verified on"),
    "verified_note": ("Hvordan blev det kontrolleret?", "How was it checked?"),
    "new_source": ("Ny kilde (valgfri)", "New source (optional)"),
    "source_url": ("Adresse på kilden (https://...)", "Address of the source (https://...)"),
    "source_note": ("Hvad kilden siger", "What the source says"),
    "facts_rule": (
        "Skriv kun fakta, der står i en kilde. Det, du ikke ved, lader du stå tomt.",
        "Write only facts a source states. Leave what you do not know empty.",
    ),
    "hours_preview": ("Sådan læses tiderne", "How the hours read"),
    "week": ("De næste 7 dage", "The next 7 days"),
    "closed_day": ("lukket", "closed"),
    "open_now": ("Åbent nu?", "Open now?"),
    "state_always": ("Ja, altid åbent.", "Yes, always open."),
    "state_open": ("Ja, åbent indtil {until}.", "Yes, open until {until}."),
    "state_closed": ("Nej, lukket. Åbner {day} kl. {time}.", "No, closed. Opens {day} at {time}."),
    "state_unknown": ("Ukendt.", "Unknown."),
    "today": ("i dag", "today"),
    "tomorrow": ("i morgen", "tomorrow"),
    "no_hours": ("Ingen åbningstider angivet.", "No opening hours given."),
    "weekdays": (
        "mandag,tirsdag,onsdag,torsdag,fredag,lørdag,søndag",
        "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
    ),
    "not_found": ("Findes ikke.", "Not found."),
    "forbidden": (
        "Formularen var for gammel eller ugyldig. Genindlæs siden og prøv igen.",
        "The form had expired or was invalid. Reload the page and try again.",
    ),
    "login_needed": ("Log ind først.", "Please log in first."),
    "language_name_da": ("dansk", "Danish"),
    "language_name_en": ("engelsk", "English"),
    "language_name_ro": ("rumænsk", "Romanian"),
    "language_name_bg": ("bulgarsk", "Bulgarian"),
    "language_name_es": ("spansk", "Spanish"),
    "language_name_th": ("thai", "Thai"),
    "preview_updated": ("Forhåndsvisningen er opdateret.", "Preview updated."),
}


def translate(interface: str, key: str, /, **values: object) -> str:
    """The interface text `key` in language `interface` (da or en), with `{values}` filled in."""
    danish, english = TEXTS[key]
    text = danish if interface == "da" else english
    return text.format(**values) if values else text


def language_name(interface: str, code: str) -> str:
    """The name of language `code` in the interface language (the code itself if unknown)."""
    key = f"language_name_{code}"
    return translate(interface, key) if key in TEXTS else code


#: The editor's own problem messages (bot.templates.check_template, bot.staff.template_edit) in
#: Danish; the offers catalogue's technical messages are shown as they are.
_PROBLEMS_DA: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), danish)
    for pattern, danish in (
        (r"(?P<w>.+): missing$", r"\g<w>: mangler"),
        (r"(?P<w>.+): empty$", r"\g<w>: er tom"),
        (r"(?P<w>.+): placeholder (?P<p>\{\w+\}) is missing$", r"\g<w>: feltet \g<p> mangler"),
        (
            r"(?P<w>.+): (?P<p>\{\w+\}) is not a placeholder of this text$",
            r"\g<w>: \g<p> er ikke et felt i denne tekst",
        ),
        (
            r"(?P<w>.+): a brace \{ or \} that is not part of a placeholder$",
            r"\g<w>: en krøllet parentes { eller }, der ikke hører til et felt",
        ),
        (
            r"(?P<w>.+): the word (?P<x>'.+') (is|shows) in the first (?P<n>\d+) characters.*$",
            r"\g<w>: ordet \g<x> står i de første \g<n> tegn (ses på låseskærmen)",
        ),
        (
            r"(?P<w>.+): (?P<s>\d+) SMS, more than the budget of (?P<b>\d+) "
            r"\((?P<n>-?\d+) characters too many with realistic values\)$",
            r"\g<w>: \g<s> SMS, mere end budgettet på \g<b> "
            r"(\g<n> tegn for meget med realistiske værdier)",
        ),
        (r"(?P<w>.+): longer than (?P<n>\d+) characters$", r"\g<w>: længere end \g<n> tegn"),
    )
)


def problem_text(interface: str, problem: str) -> str:
    """A save problem in the interface language (Danish where the editor knows the message)."""
    if interface == "da":
        for pattern, danish in _PROBLEMS_DA:
            if pattern.match(problem):
                return pattern.sub(danish, problem)
    return problem
