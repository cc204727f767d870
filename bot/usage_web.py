"""The usage counts for staff, over HTTP: a CSV download and an SVG bar chart.

Mount with `add_usage_routes(app.router, store)` under /staff, where the staff login guards
every path. The routes are not mounted anywhere else: counts are for staff only.

    GET /staff/usage.csv                     every count (bot/usage.py, `usage_csv`)
    GET /staff/usage/chart.svg?by=need       totals as bars; by = need, danger, language,
                                             channel, weekday or hour
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.usage import DIMENSIONS, UsageStore, bar_chart_svg, totals, usage_csv

PREFIX = "/staff/usage"

#: Chart titles per dimension (the staff pages are Danish first).
TITLES = {
    "need": "Behov / needs",
    "danger": "Fare / danger",
    "language": "Sprog / language",
    "channel": "Kanal / channel",
    "weekday": "Ugedag / weekday",
    "hour": "Time på døgnet / hour of day",
}


def add_usage_routes(router: web.UrlDispatcher, store: UsageStore, prefix: str = PREFIX) -> None:
    """Add the CSV and chart routes for `store` under `prefix` (behind the staff login)."""

    async def csv_download(request: web.Request) -> web.Response:
        rows = await asyncio.to_thread(store.rows)
        return web.Response(
            text=usage_csv(rows),
            content_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="lygte-usage.csv"'},
        )

    async def chart(request: web.Request) -> web.Response:
        by = request.query.get("by", "need")
        if by not in DIMENSIONS:
            raise web.HTTPBadRequest(text=f"by must be one of: {', '.join(DIMENSIONS)}")
        rows = await asyncio.to_thread(store.rows)
        return web.Response(
            text=bar_chart_svg(TITLES[by], totals(rows, by)), content_type="image/svg+xml"
        )

    router.add_get(f"{prefix}.csv", csv_download)
    router.add_get(f"{prefix}/chart.svg", chart)
