"""A tiny HTTP client that keeps cookies and does not follow redirects, for staff tests."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

from tests.support import HttpResult

_CSRF = re.compile(r'name="csrf" value="([^"]*)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


class StaffClient:
    """One browser-like visitor: its own cookies, every response as it came."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.headers: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: bytes | None = None, headers: dict | None = None
    ) -> HttpResult:
        """One request; the result for any status, with its headers in `.headers`."""
        request = urllib.request.Request(
            self.base_url + path, data=data, method=method, headers=headers or {}
        )
        try:
            response = self._opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            result = HttpResult(
                response.status, response.headers.get_content_type(), response.read().decode()
            )
            self.headers = dict(response.headers)
            self.headers["Set-Cookie"] = "\n".join(response.headers.get_all("Set-Cookie") or [])
        return result

    def get(self, path: str) -> HttpResult:
        """GET `path`."""
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> HttpResult:
        """POST `fields` as a form."""
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers)

    def csrf(self, path: str) -> str:
        """The CSRF token of the form on page `path`."""
        page = self.get(path)
        match = _CSRF.search(page.body)
        assert match, (page.status, page.body[:500])
        return match.group(1)

    def login(self, name: str, password: str) -> HttpResult:
        """Fill in and send the login form."""
        token = self.csrf("/staff/login")
        return self.post("/staff/login", {"csrf": token, "name": name, "password": password})

    def cookie(self, name: str) -> str | None:
        """The value of cookie `name`, if the client holds one."""
        return next((c.value for c in self.cookies if c.name == name), None)
