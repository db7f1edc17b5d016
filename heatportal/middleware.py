from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers


class EdgeMiddleware:
    """Two guards every view relies on.

    - A NUL byte anywhere in the request (path, query string, form field name or value, header,
      cookie) is refused with the Dutch 400 page. PostgreSQL cannot store or compare it, so it
      would otherwise surface as a 500 wherever the value reaches a query: the session cookie in
      SessionMiddleware, a path converter's value in a view, a filter. That is why this runs
      before every middleware that touches the database (settings.MIDDLEWARE) and why the 400
      page is rendered without a request context (no user, no database).
    - Responses vary on HX-Request: the same URL answers a full page or an htmx partial, and a
      cache (browser or proxy) must not serve one for the other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest(render_to_string("400.html"))
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response

    @staticmethod
    def _has_nul(request) -> bool:
        # The path arrives percent-decoded (%00 is a NUL here); the query string arrives raw.
        if "\x00" in request.path_info or "\x00" in request.path:
            return True
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            return True
        if any("\x00" in str(value) for key, value in request.META.items() if key.startswith("HTTP_")):
            return True
        if "\x00" in request.META.get("CONTENT_TYPE", ""):
            return True
        # The Cookie header may carry a NUL octal-escaped ("\\000"); parsing decodes it.
        if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
            return True
        if request.method == "POST":
            # Parsed here for urlencoded and multipart bodies alike (Django caches the result).
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
            if any("\x00" in (upload.name or "") for upload in request.FILES.values()):
                return True
        return False


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response that may hold personal data.

    The rule is broad on purpose, so no page is forgotten: every response to a signed-in user,
    every response of a token URL (answer, offer, calendar feed, password reset: whoever holds
    the link sees a person's data), every answer to a form post and every download
    (Content-Disposition). Public pages for
    anonymous visitors (catalogue, municipality list) and static files stay cacheable.
    """

    TOKEN_PARAMETERS = ("token", "uidb64")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _personal(self, request, response) -> bool:
        if request.method not in ("GET", "HEAD"):
            return True  # the answer to a form echoes what was typed: a name, an address
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        match = getattr(request, "resolver_match", None)
        if match is not None and any(name in match.kwargs for name in self.TOKEN_PARAMETERS):
            return True
        return response.has_header("Content-Disposition")
