"""A small HTTP client over loopback: cookies, the login form with its CSRF token, timings.

A new connection per request, as gunicorn's sync workers close each one after answering.
"""

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_OTP_STEPS_USED: dict[str, int] = {}  # per login, the last time step whose code it spent
OTP_VERIFY = "/account/tweede-factor/controle/"  # accounts.otp_urls: where a login needing the factor lands


@dataclass
class Answer:
    status: int
    body: bytes
    headers: http.client.HTTPMessage
    ms: float


class Browser:
    def __init__(self, base_url: str, *, timeout: float = 120):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.origin = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Answer:
        headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (ConnectionError, http.client.RemoteDisconnected, TimeoutError) as exc:
            # gunicorn killed the worker (its timeout) or the request took too long: no answer.
            return Answer(0, repr(exc).encode(), http.client.HTTPMessage(), (time.perf_counter() - start) * 1000)
        finally:
            connection.close()
        elapsed = (time.perf_counter() - start) * 1000
        self._keep_cookies(response.headers)
        return Answer(response.status, content, response.headers, elapsed)

    def _keep_cookies(self, headers: http.client.HTTPMessage) -> None:
        for header in headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def get(self, path: str, *, headers: dict | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str], *, token_from: bytes) -> Answer:
        """POST a form as the browser does: the page's CSRF token, the Origin header."""
        match = CSRF_FIELD.search(token_from)
        if match is None:
            raise RuntimeError(f"no CSRF token on the page before POST {path}")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1).decode(), **fields}).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + path,
        }
        return self.request("POST", path, body=body, headers=headers)

    def login(self, email: str, password: str, *, otp_key: str = "", path: str = "/account/inloggen/") -> None:
        """Log in through the form; where the role needs the second factor (issue 11), answer its
        page with the code an authenticator app would show for OTP_KEY (hex)."""
        form = self.get(path)
        answer = self.post_form(path, {"username": email, "password": password}, token_from=form.body)
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {email} failed: HTTP {answer.status}")
        landing = urllib.parse.urlsplit(answer.headers.get("Location", "")).path
        page = self.get(landing)
        if page.status == 302 and OTP_VERIFY in page.headers.get("Location", ""):
            landing = urllib.parse.urlsplit(page.headers["Location"]).path
            page = self.get(landing)
        if OTP_VERIFY in landing:
            self._second_factor(email, landing, page, otp_key)

    def _second_factor(self, email: str, path: str, page: Answer, otp_key: str) -> None:
        if not otp_key:
            raise RuntimeError(f"login as {email} asks for a second factor and the run has no key for it")
        from django_otp.oath import TOTP

        totp = TOTP(bytes.fromhex(otp_key))
        # The device takes each 30-second code once and throttles after a wrong one, so a second
        # login of the same person takes the next step's code (inside the device's tolerance of
        # one step), and a third waits for the clock to catch up.
        step = totp.t()
        wanted = max(step, _OTP_STEPS_USED.get(email, -1) + 1)
        if wanted > step + 1:
            time.sleep((wanted - 1) * totp.step - time.time() + 0.5)
            step = totp.t()
        totp.drift = wanted - step
        _OTP_STEPS_USED[email] = wanted
        answer = self.post_form(path, {"code": f"{totp.token():06d}"}, token_from=page.body)
        if answer.status == 302:
            return
        raise RuntimeError(f"the second factor of {email} was refused: HTTP {answer.status}")
