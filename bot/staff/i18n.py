"""The staff interface in Danish and English (the language is a cookie the page links set)."""

from __future__ import annotations

import re
from collections.abc import Callable

from lygte.hours_grid import WEEKDAYS

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
    # The "did it help?" answers and "needs checking" (bot/staff/views/feedback.py).
    "needs_checking": ("Skal tjekkes", "Needs checking"),
    "feedback": ("Kontrol og svar", "Verification and answers"),
    "verified_age": (
        "Kontrolleret {date}, for {days} dage siden.",
        "Verified on {date}, {days} days ago.",
    ),
    "stale_flag": (
        "Forældet: kontrolleret for mere end {days} dage siden. Tjek stedet igen.",
        "Stale: verified more than {days} days ago. Please check the offer again.",
    ),
    "closed_flag": (
        'Flere meldinger om "lukket" i stedets åbningstid siden sidste kontrol ({count}).',
        'Several "closed" reports during its opening hours since it was last verified ({count}).',
    ),
    "sources": ("Kilder", "Sources"),
    "answers": ('Svar på "Hjalp det?"', 'Answers to "Did it help?"'),
    "answer": ("Svar", "Answer"),
    "answer_helped": ("det hjalp", "it helped"),
    "answer_closed": ("der var lukket", "it was closed"),
    "answer_turned_away": ("blev afvist", "turned away"),
    "answer_wrong_info": ("forkert information", "wrong information"),
    "last_days": ("Sidste {days} dage", "Last {days} days"),
    "counts_rule": (
        "Tal fra 1 til 4 vises som <5, så ingen enkelt persons besøg kan udpeges.",
        "Counts from 1 to 4 are shown as <5, so that no one person's visit can be pointed to.",
    ),
    "checking_order": (
        "Mest presserende først: meldinger om problemer (lukket, afvist, forkert information) "
        "i åbningstiden siden sidste kontrol, så længst tid siden kontrol, så oftest vist. "
        "Et sted står her, når der er sådanne meldinger, eller når det er forældet.",
        "Most urgent first: problem reports (closed, turned away, wrong information) during "
        "opening hours since the last check, then the longest since verified, then the most "
        "often listed. An offer is here when there are such reports or when it is stale.",
    ),
    "nothing_to_check": ("Intet skal tjekkes lige nu.", "Nothing needs checking right now."),
    "catalogue_invalid": (
        "En fil i offers/ er ugyldig. Indtil den er rettet, svarer linjen ud fra den seneste"
        " gyldige version af tilbuddene:",
        "A file in offers/ is not valid. Until it is corrected, the line answers from the last"
        " valid version of the offers:",
    ),
    "reports_in_hours": ("Problemer i åbningstiden", "Problems during opening hours"),
    "days_since": ("Dage siden kontrol", "Days since verified"),
    "listed_90": ("Vist de sidste 90 dage", "Listed in the last 90 days"),
    "stale_label": ("forældet", "stale"),
    "checked_today": ("Tjekket i dag", "Checked today"),
    "action_checked": ("tjekket", "checked"),
    "feedback_csv": ("Hent svarene som CSV", "Download the answers as CSV"),
    # The weekly hours grid (bot/staff/hours_form.py, templates/_hours_grid.html).
    "hours_mode": ("Ret åbningstiderne", "Edit the opening hours"),
    "hours_mode_grid": ("i ugeskemaet", "in the weekly grid"),
    "hours_mode_expression": ("som udtryk (avanceret)", "as an expression (advanced)"),
    "hours_mode_help": (
        "Det valgte gemmes; det andet bliver ikke læst.",
        "The chosen one is saved; the other is not read.",
    ),
    "hours_words": ("Med ord", "In words"),
    "hours_expression": ("Udtryk", "Expression"),
    "hours_advanced": ("Udtrykket (OpenStreetMap)", "The expression (OpenStreetMap)"),
    "grid_cannot": (
        "Disse tider kan ikke vises i ugeskemaet (fx en sæson eller en kommentar). "
        "Ret dem i udtrykket.",
        "These hours cannot be shown in the weekly grid (e.g. a season or a comment). "
        "Edit them in the expression.",
    ),
    "grid_week": ("Ugen", "The week"),
    "grid_exceptions": ("Undtagelser", "Exceptions"),
    "grid_day": ("Dag", "Day"),
    "grid_choice": ("Åbent", "Open"),
    "grid_times": ("Tider", "Times"),
    "grid_help": (
        'Tiderne gælder kun, når der er valgt "tider". En tid, der slutter før den '
        "begynder (16:00 til 08:00), løber til næste morgen; til 00:00 er til midnat.",
        'Times count only when "times" is chosen. A time that ends before it starts '
        "(16:00 to 08:00) runs into the next morning; to 00:00 is until midnight.",
    ),
    "grid_ph": ("helligdage", "public holidays"),
    "grid_eve24": ("juleaften (24. dec)", "Christmas Eve (24 Dec)"),
    "grid_eve31": ("nytårsaften (31. dec)", "New Year's Eve (31 Dec)"),
    "choice_hours": ("tider", "times"),
    "choice_all_day": ("hele døgnet", "all day"),
    "choice_closed": ("lukket", "closed"),
    "choice_unknown": ("ukendt", "unknown"),
    "choice_none": ("ikke angivet", "not stated"),
    "choice_like": ("som {day}", "like {day}"),
    "span_from": ("{day}, tid {n}, fra", "{day}, time {n}, from"),
    "span_to": ("{day}, tid {n}, til", "{day}, time {n}, to"),
    "add_span": ("Tilføj en tid til {day}", "Add a time to {day}"),
    "remove_span": ("Fjern {day}, tid {n}", "Remove {day}, time {n}"),
    "remove_period": ("Fjern lukkeperiode {n}", "Remove closed period {n}"),
    "grid_periods": ("Lukkeperioder", "Closed periods"),
    "period_from": ("Lukkeperiode {n}, fra", "Closed period {n}, from"),
    "period_to": ("Lukkeperiode {n}, til og med", "Closed period {n}, to and including"),
    "period_repeat": ("Lukkeperiode {n}, gentages", "Closed period {n}, repeats"),
    "repeat_yearly": ("hvert år", "every year"),
    "repeat_once": ("kun denne gang", "only this time"),
    "add_period": ("Tilføj en lukkeperiode", "Add a closed period"),
    "grid_bad_choice": ("{day}: vælg en af mulighederne.", "{day}: choose one of the options."),
    "grid_no_spans": (
        "{day}: skriv en tid, eller vælg lukket eller ukendt.",
        "{day}: enter a time, or choose closed or unknown.",
    ),
    "grid_bad_time": (
        "{day}: en tid skal have både fra og til som tt:mm.",
        "{day}: a time needs both from and to as hh:mm.",
    ),
    "grid_period_dates": (
        "Lukkeperiode {n}: skriv både fra- og til-dato.",
        "Closed period {n}: enter both the first and the last day.",
    ),
    "grid_period_order": (
        "Lukkeperiode {n}: den sidste dag ligger før den første.",
        "Closed period {n}: the last day comes before the first.",
    ),
    "grid_period_long": (
        'Lukkeperiode {n}: højst et år; vælg "hvert år" for en periode, der gentages.',
        'Closed period {n}: at most a year; choose "every year" for a period that repeats.',
    ),
    # The inbox of people who asked for a person (bot/staff/views/inbox.py, static/inbox.js).
    "inbox": ("Indbakke", "Inbox"),
    "forbidden_role": (
        "Din konto har ikke adgang til denne side.",
        "Your account has no access to this page.",
    ),
    "inbox_cases": ("Åbne samtaler", "Open cases"),
    "inbox_case": ("Samtale", "Case"),
    "inbox_code": ("Kode", "Code"),
    "inbox_language": ("Sprog", "Language"),
    "inbox_channel": ("Kanal", "Channel"),
    "inbox_state": ("Status", "State"),
    "inbox_waiting": ("Venter", "Waiting"),
    "inbox_unread": ("Ulæste", "Unread"),
    "inbox_open": ("Åbn", "Open"),
    "inbox_empty": ("Ingen åbne samtaler.", "No open cases."),
    "inbox_pick": (
        "Vælg en samtale for at se beskederne.",
        "Pick a case to see its messages.",
    ),
    "inbox_noscript": (
        "Indbakken skal have JavaScript slået til.",
        "The inbox needs JavaScript turned on.",
    ),
    "inbox_privacy": (
        "Du ser aldrig nummeret eller hvem det er. Teksten slettes, når samtalen lukkes.",
        "You never see the number or who it is. The text is erased when the case is closed.",
    ),
    "inbox_memory_only": (
        "Samtalerne ligger kun i denne servers hukommelse: en genstart sletter de åbne samtaler"
        " og de svar, der venter på personen. Med Redis (REDIS_HOST) overlever de en genstart.",
        "Cases live only in this server's memory: a restart erases the open cases and the"
        " replies waiting for the person. With Redis (REDIS_HOST) they survive a restart.",
    ),
    "inbox_take": ("Tag samtalen", "Take this case"),
    "inbox_reply": ("Dit svar", "Your reply"),
    "inbox_send": ("Send svar", "Send reply"),
    "inbox_canned": ("Færdige svar", "Canned replies"),
    "inbox_canned_pick": ("Vælg et færdigt svar", "Pick a canned reply"),
    "inbox_close": ("Luk samtalen (sletter teksten)", "Close the case (erases its text)"),
    "inbox_close_confirm": (
        "Luk samtalen og slet dens tekst?",
        "Close the case and erase its text?",
    ),
    "inbox_reply_help": (
        "Svaret sendes, næste gang personen skriver (eller straks, hvis personen har sagt ja).",
        "The reply is sent when the person next writes (or at once if they said yes to that).",
    ),
    "inbox_taken_by": ("Taget af {account}", "Taken by {account}"),
    "inbox_taken_by_you": ("Du har samtalen", "You have this case"),
    "inbox_taken_elsewhere": (
        "En kollega har allerede taget samtalen.",
        "A colleague has already taken this case.",
    ),
    "inbox_closed": ("Samtalen er lukket.", "The case is closed."),
    "inbox_failed": ("Det lykkedes ikke. Prøv igen.", "That did not work. Please try again."),
    "inbox_no_links": (
        "Ikke sendt: links kommer ikke frem med SMS (teleselskaberne filtrerer dem). Skriv"
        " stedets navn, adresse eller telefonnummer i stedet.",
        "Not sent: links do not arrive by SMS (the operators filter them). Write the place's"
        " name, address or phone number instead.",
    ),
    "inbox_reply_sent": ("Svaret venter på personen.", "The reply is waiting for the person."),
    "inbox_reply_pushed": ("Svaret er sendt til personen.", "The reply was sent to the person."),
    "inbox_from_person": ("Personen", "The person"),
    "inbox_from_staff": ("Personale", "Staff"),
    "inbox_from_line": ("Linjen", "The line"),
    "inbox_minutes": ("{n} min", "{n} min"),
    "inbox_seconds": ("{n} sek", "{n} s"),
    "channel_sms": ("SMS", "SMS"),
    "channel_signal": ("Signal", "Signal"),
    "state_waiting": ("venter", "waiting"),
    "state_taken": ("taget", "taken"),
    "canned_utter_ask_need": ("Hvad har du brug for?", "What do you need?"),
    "canned_utter_phone_safety": ("Sikker telefon", "Phone safety"),
    "canned_utter_storage": ("Hvad gemmes", "What is kept"),
    "canned_utter_danger_acute": ("Nødnumre", "Emergency numbers"),
    "canned_utter_goodbye": ("Farvel", "Goodbye"),
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


#: The editor's own problem messages (lygte.templates.check_template, bot.staff.template_edit) in
#: Danish; the offers catalogue's technical messages are shown as they are.
def _night_da(match: re.Match[str]) -> str:
    """The weekly grid's night problem (lygte.hours_grid.grid_problem) in Danish."""
    names = dict(zip(WEEKDAYS, TEXTS["weekdays"][0].split(","), strict=True))
    night, morning = names[match["night"]], names[match["morning"]]
    return (
        f"natten fra {night} løber ind i {morning}, som har sine egne tider:"
        f" skriv den morgen ind under {morning}"
    )


_PROBLEMS_DA: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
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
        # lygte.hours_grid.grid_problem, for the weekly hours grid
        (
            r"a time span must start before 24:00, end by 24:00 and not end at its start$",
            "en tid skal begynde før 24:00, slutte senest 24:00 og ikke slutte, hvor den begynder",
        ),
        (
            r"hours on a holiday must end by midnight$",
            "tiderne på helligdage, juleaften og nytårsaften skal slutte senest ved midnat",
        ),
        (r"public holidays can only be like a weekday$", "helligdage kan kun være som en ugedag"),
        (r"a closed period needs real dates$", "en lukkeperiode skal have rigtige datoer"),
        (
            r"the night from (?P<night>\w\w) runs into (?P<morning>\w\w), which has hours"
            r" of its own: add that morning to (?P=morning)$",
            _night_da,
        ),
    )
)


def problem_text(interface: str, problem: str) -> str:
    """A save problem in the interface language (Danish where the editor knows the message)."""
    if interface == "da":
        for pattern, danish in _PROBLEMS_DA:
            if pattern.match(problem):
                return pattern.sub(danish, problem)
    return problem
