"""Our opening state against the OSM reference implementation (npm opening_hours).

`make setup` installs the package, pinned by tests/hours_reference/package-lock.json, into
.node/ (git-ignored); tests/hours_reference/reference.js evaluates every instant in one node
process. Without node or the package this test fails: run `make setup`.

Left out of the comparison, on purpose:
- 24 December and 5 June: the reference's Danish calendar counts Christmas Eve and
  Constitution Day as public holidays (PH); Danish law does not, and neither do we.
- The repeated hour when the clocks go back (02:00-02:59 CET, second pass): the reference
  reads it as wall-clock time again and reopens what closed at 02:30 CEST; we read it as the
  end of the first pass (see lygte/hours.py and test_hours_dst.py).
- Where hours_state answers "unknown" with a reason (a holiday the expression does not speak
  for, or a next change to hours stated as unknown), there is no verdict to compare; the
  state as written (wall_state) is still compared at those instants.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from lygte.hours import TIMEZONE, holidays, hours_problem, hours_state, wall_state

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "hours_reference" / "reference.js"
PACKAGE = ROOT / ".node" / "node_modules" / "opening_hours" / "package.json"
UTC = timezone.utc
#: The reference's PH days that are not Danish public holidays.
NOT_PH_IN_DANISH_LAW = {(12, 24), (6, 5)}

TRICKY = [
    "24/7",
    "Mo-Su 00:00-24:00",
    "Mo-Fr 10:00-13:00; PH off",
    "Mo-Fr 10:00-13:00; Dec 24 off; Dec 31 10:00-12:00; PH off",
    "Mo-Su 09:00-17:00; PH 12:00-15:00",
    "Mo-Fr 00:00-08:00,16:00-24:00; Sa,Su,PH 00:00-24:00",
    "Sa 22:00-08:00",
    "Th-Sa 22:00-04:00",
    "Mo-Su 20:00-02:30",
    "Mo-Su 02:30-12:00",
    "Mo-Fr 16:00-08:00",
    "Dec-Mar 20:00-08:00",
    "Apr-Oct Sa 10:00-14:00",
    "Mo-Fr 09:00-17:00; Dec 20-Jan 05 off",
    "Mo-Fr 09:00-12:00, We 14:00-18:00",
    "Tu,Th 09:00-11:00; Jan 01 off",
    'Mo 10:00-12:00 open "by appointment"',
    "Mo-Fr 10:00-14:00; We off",
    "Mo-Sa 10:00-12:00,13:00-17:00; Su,PH off",
]


def offer_expressions() -> list[str]:
    """Every opening_hours of offers/*.yml (confirmed or not: it is the evaluation we test)."""
    found = []
    for path in sorted((ROOT / "offers").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict) and isinstance(data.get("opening_hours"), str):
            found.append(data["opening_hours"])
    return found


def instants(seed: int) -> list[datetime]:
    """2,000 random instants 2026-2028, plus some on holidays and on the nights clocks change."""
    rng = random.Random(seed)
    start, span = datetime(2026, 1, 1, tzinfo=UTC), 3 * 365 * 24 * 3600
    chosen = [start + timedelta(seconds=rng.randrange(span)) for _ in range(2000)]
    special = sorted(day for year in (2026, 2027, 2028) for day in holidays(year))
    for _ in range(300):
        midnight = datetime.combine(rng.choice(special), datetime.min.time(), TIMEZONE)
        chosen.append(midnight + timedelta(minutes=rng.randrange(-600, 1440)))
    for year in (2026, 2027, 2028):
        for month in (3, 10):
            last = date(year, month, 31)
            sunday = last - timedelta(days=(last.weekday() - 6) % 7)
            change = datetime.combine(sunday, datetime.min.time(), UTC) + timedelta(hours=1)
            chosen += [change + timedelta(minutes=rng.randrange(-180, 180)) for _ in range(30)]
    return chosen


def comparable(instant: datetime) -> bool:
    local = instant.astimezone(TIMEZONE)
    if (local.month, local.day) in NOT_PH_IN_DANISH_LAW:
        return False
    repeated = local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()
    return not (repeated and local.fold == 1)


def reference_states(expressions: list[str], moments: list[datetime]) -> list[list[str]]:
    """The reference's "open"/"closed"/"unknown" for every expression at every instant."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: `make setup` needs Node.js >= 18 and npm")
    if not PACKAGE.exists():
        pytest.fail(f"{PACKAGE.relative_to(ROOT)} is missing: run `make setup`")
    stamps = [int(moment.timestamp() * 1000) for moment in moments]
    payload = {"cases": [{"expression": e, "instants": stamps} for e in expressions]}
    run = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env={"TZ": "Europe/Copenhagen", "PATH": ""},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["states"]


def test_offers_have_hours_to_compare() -> None:
    assert offer_expressions(), "no opening_hours in offers/*.yml"


def test_states_match_the_osm_reference_implementation() -> None:
    expressions = list(dict.fromkeys(offer_expressions() + TRICKY))
    for expression in expressions:
        assert hours_problem(expression) is None, expression
    moments = [moment for moment in instants(seed=14) if comparable(moment)]
    reference = reference_states(expressions, moments)
    assert len(reference) == len(expressions)

    seen: set[str] = set()
    mismatches = []
    for expression, states in zip(expressions, reference, strict=True):
        assert len(states) == len(moments)
        for moment, theirs in zip(moments, states, strict=True):
            ours = hours_state(expression, True, moment)
            verdict = {"always": "open", "open": "open", "closed": "closed"}.get(ours["state"])
            if verdict is None and "reason" not in ours:
                verdict = "unknown"
            if wall_state(expression, moment) != theirs or verdict not in (None, theirs):
                mismatches.append(
                    (expression, moment.astimezone(TIMEZONE).isoformat(), ours, theirs)
                )
            seen.add(theirs)
    assert not mismatches, mismatches[:20]
    assert seen == {"open", "closed", "unknown"}  # the comparison covers every state
