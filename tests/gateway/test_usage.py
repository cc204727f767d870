"""Anonymous usage counts: fixed values only, a CSV and an SVG chart behind /staff."""

from __future__ import annotations

import asyncio
import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest
from aiohttp import web

from bot.usage import UsageStore, bar_chart_svg, hour_of_week, totals, usage_csv, usage_key
from bot.usage_web import add_usage_routes
from tests.gateway.conftest import serve_app
from tests.support import free_port, http

MONDAY_9 = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)  # 09:30 in Copenhagen
SUNDAY_23 = datetime(2026, 11, 29, 22, 10, tzinfo=timezone.utc)  # 23:10 in Copenhagen


@pytest.fixture
def store(tmp_path: Path) -> UsageStore:
    return UsageStore(tmp_path / "var" / "usage.sqlite3")


def test_hour_of_week_is_copenhagen_time() -> None:
    assert hour_of_week(MONDAY_9) == 9
    assert hour_of_week(SUNDAY_23) == 167


def test_only_values_from_fixed_lists_are_kept() -> None:
    assert usage_key("need_shower", "rape", "ro", "sms") == ("need_shower", "rape", "ro", "sms")
    assert usage_key("greet", None, "en", "signal") == ("other", "", "en", "signal")
    # whatever reaches it, no text and no identifier can be stored
    odd = usage_key("+4512345678", "I was hit", "hello there", "whatsapp")
    assert odd == ("other", "", "other", "other")


def test_counts_add_up_and_make_a_csv(store: UsageStore) -> None:
    store.count("need_shower", None, "da", "sms", MONDAY_9)
    store.count("need_shower", None, "da", "sms", MONDAY_9)
    store.count("violence", "violence", "en", "signal", SUNDAY_23)
    rows = list(csv.DictReader(io.StringIO(usage_csv(store.rows()))))
    assert rows == [
        {
            "need": "need_shower",
            "danger": "",
            "language": "da",
            "channel": "sms",
            "weekday": "Mon",
            "hour": "9",
            "hour_of_week": "9",
            "count": "2",
        },
        {
            "need": "violence",
            "danger": "violence",
            "language": "en",
            "channel": "signal",
            "weekday": "Sun",
            "hour": "23",
            "hour_of_week": "167",
            "count": "1",
        },
    ]
    assert totals(store.rows(), "need") == [("need_shower", 2), ("violence", 1)]
    by_day = dict(totals(store.rows(), "weekday"))
    assert list(by_day) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert by_day["Mon"] == 2 and by_day["Sun"] == 1 and by_day["Wed"] == 0


def test_a_second_store_on_the_same_file_sees_the_counts(store: UsageStore) -> None:
    store.count("sleep", None, "bg", "sms", MONDAY_9)
    assert UsageStore(store.path).rows()[0].need == "sleep"


def test_the_chart_is_valid_svg_with_escaped_labels() -> None:
    svg = bar_chart_svg("Needs <&>", [("sleep", 3), ("a<b", 1)])
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Needs <&>" in texts and "a<b" in texts and "3" in texts
    widths = [int(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths[0] == 3 * widths[1]


@pytest.fixture
def usage_server(store: UsageStore) -> Iterator[str]:
    app = web.Application()
    add_usage_routes(app.router, store)
    yield from serve_app(app, "127.0.0.1", free_port())


def test_csv_and_chart_routes(usage_server: str, store: UsageStore) -> None:
    asyncio.run(asyncio.to_thread(store.count, "health", None, "es", "sms", MONDAY_9))
    result = http("GET", f"{usage_server}/staff/usage.csv")
    assert result.status == 200 and result.content_type == "text/csv"
    assert "health,,es,sms,Mon,9,9,1" in result.body
    chart = http("GET", f"{usage_server}/staff/usage/chart.svg?by=language")
    assert chart.status == 200 and chart.content_type == "image/svg+xml"
    assert ">es<" in chart.body
    assert http("GET", f"{usage_server}/staff/usage/chart.svg?by=text").status == 400


def test_the_gateway_serves_the_counts_only_behind_the_staff_login(gateway) -> None:
    for path in ("/staff/usage.csv", "/staff/usage/chart.svg"):
        result = http("GET", f"{gateway.url}{path}")  # redirected to the login page
        assert result.content_type == "text/html" and "need,danger" not in result.body
        assert 'type="password"' in result.body
