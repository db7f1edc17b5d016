from django.shortcuts import render
from django.utils.cache import patch_vary_headers


class EdgeMiddleware:
    """Two guards every view relies on.

    - A NUL byte in a query string or form field is refused with a 400 page: PostgreSQL cannot
      store or compare it, so it would otherwise surface as a 500 in whichever view reads it.
    - Responses vary on HX-Request: the same URL answers a full page or an htmx partial, and a
      cache (browser or proxy) must not serve one for the other.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return render(request, "400.html", status=400)
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            return any("\x00" in value for values in request.POST.lists() for value in values[1])
        return False
