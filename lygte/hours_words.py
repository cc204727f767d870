"""Opening hours in words for staff, in the staff interface's languages (Danish, English).

"Mon-Fri 16-08, weekends all day, closed 24 Dec" reads faster than the OpenStreetMap
expression it stands for. The words come from the weekly grid (lygte/hours_grid.py); an
expression no grid can hold is not paraphrased but pointed to ("see the expression").
"""

from __future__ import annotations

from lygte.hours_grid import (
    ALL_DAY,
    UNKNOWN,
    ClosedPeriod,
    Grid,
    Hours,
    SameAs,
    Span,
    from_expression,
    runs,
)

LANGUAGES = ("da", "en")

#: Every phrase: key -> (Danish, English).
PHRASES: dict[str, tuple[str, str]] = {
    "weekdays": ("man tir ons tor fre lør søn", "Mon Tue Wed Thu Fri Sat Sun"),
    "months": (
        "jan feb mar apr maj jun jul aug sep okt nov dec",
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    ),
    "day_of_month": ("{day}. {month}", "{day} {month}"),
    "both_eves": ("24. og 31. dec", "24 and 31 Dec"),
    "weekends": ("weekend", "weekends"),
    "every_day": ("alle dage", "every day"),
    "all_day": ("hele døgnet", "all day"),
    "and": ("og", "and"),
    "unknown": ("ukendt", "unknown"),
    "always": ("altid åbent", "always open"),
    "closed": ("lukket", "closed"),
    "closed_on": ("lukket {when}", "closed {when}"),
    "holidays": ("helligdage", "public holidays"),
    "closed_holidays": ("lukket på helligdage", "closed on public holidays"),
    "holidays_as": ("helligdage som {days}", "public holidays as {days}"),
    "no_hours": ("ingen tider angivet", "no hours given"),
    "see_expression": ("se udtrykket", "see the expression"),
}


def hours_words(expression: str | None, language: str) -> str:
    """`expression` in words in `language` ("da" or "en"); "see the expression" for one a
    grid cannot hold, "no hours given" for none."""
    if not expression:
        return _phrase("no_hours", language)
    grid = from_expression(expression)
    if grid is None:
        return _phrase("see_expression", language)
    return grid_words(grid, language)


def grid_words(grid: Grid, language: str) -> str:
    """The hours of `grid` in words: the week, then holidays, the eves and closed periods."""
    if grid.days == (ALL_DAY,) * 7 and grid == Grid(days=grid.days):
        return _phrase("always", language)
    parts = [
        f"{_days_words(days, language)} {_hours_words(grid.days[days[0]], language)}"
        for days in runs(grid.days)
        if grid.days[days[0]]
    ]
    holiday = _holiday_words(grid, language)
    parts.extend([holiday] if holiday else [])
    parts.extend(_eve_words(grid, language))
    parts.extend(
        _phrase("closed_on", language).format(when=_period_words(period, language))
        for period in grid.closed_periods
    )
    return ", ".join(parts) or _phrase("closed", language)


def _phrase(key: str, language: str) -> str:
    """One phrase in `language`."""
    return PHRASES[key][LANGUAGES.index(language)]


def _days_words(days: list[int], language: str) -> str:
    """`Mon-Fri`, `weekends`, `every day` or `Tue`."""
    if len(days) == 7:
        return _phrase("every_day", language)
    if days == [5, 6]:
        return _phrase("weekends", language)
    names = _phrase("weekdays", language).split()
    return "-".join(dict.fromkeys((names[days[0]], names[days[-1]])))


def _hours_words(hours: Hours, language: str) -> str:
    """`16-08`, `09-12 and 13:30-16`, `all day` or `unknown` (closed hours are not listed)."""
    if hours == UNKNOWN:
        return _phrase("unknown", language)
    if hours == ALL_DAY:
        return _phrase("all_day", language)
    return f" {_phrase('and', language)} ".join(map(_span_words, hours))


def _span_words(span: Span) -> str:
    """`16-08`, `09:30-16`: whole hours without their minutes."""
    return f"{_clock_words(span.start)}-{_clock_words(span.end)}"


def _clock_words(minutes: int) -> str:
    """`08` or `08:30`."""
    hours, rest = divmod(minutes, 60)
    return f"{hours:02d}" if not rest else f"{hours:02d}:{rest:02d}"


def _holiday_words(grid: Grid, language: str) -> str | None:
    """Public holidays in words, or None when the hours do not say."""
    holiday = grid.public_holidays
    if holiday is None:
        return None
    if isinstance(holiday, SameAs):
        days = next(days for days in runs(grid.days) if holiday.weekday in days)
        return _phrase("holidays_as", language).format(days=_days_words(days, language))
    if holiday == ():
        return _phrase("closed_holidays", language)
    return f"{_phrase('holidays', language)} {_hours_words(holiday, language)}"


def _eve_words(grid: Grid, language: str) -> list[str]:
    """Christmas Eve and New Year's Eve in words: one part when they are alike."""
    eves = [(24, grid.christmas_eve), (31, grid.new_years_eve)]
    stated = [(day, hours) for day, hours in eves if hours is not None]
    if len(stated) == 2 and stated[0][1] == stated[1][1]:
        return [_hours_on(_phrase("both_eves", language), stated[0][1], language)]
    return [_hours_on(_date_words(12, day, language), hours, language) for day, hours in stated]


def _hours_on(when: str, hours: Hours, language: str) -> str:
    """`closed 24 Dec`, `24 Dec unknown`, `24 Dec 10-12`."""
    if hours == ():
        return _phrase("closed_on", language).format(when=when)
    return f"{when} {_hours_words(hours, language)}"


def _date_words(month: int, day: int, language: str) -> str:
    """`24 Dec` / `24. dec`."""
    month_name = _phrase("months", language).split()[month - 1]
    return _phrase("day_of_month", language).format(day=day, month=month_name)


def _period_words(period: ClosedPeriod, language: str) -> str:
    """`20 Dec-5 Jan` every year, `21 Dec 2026-3 Jan 2027` once."""
    first, last = (_date_words(*end, language) for end in (period.first, period.last))
    if period.year is None:
        return f"{first}-{last}"
    last_year = period.year + 1 if period.last < period.first else period.year
    return f"{first} {period.year}-{last} {last_year}"
