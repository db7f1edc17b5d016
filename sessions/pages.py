"""What the apps above sessions add to a session's page, without sessions importing them (as
municipalities/pages.py does for a municipality's page).

An app registers a function from its AppConfig.ready() with `register`; the session page
(`sessions:detail`) calls each with the request and the session and gets a PagePart (a template
with its own context) or None when there is nothing for that person to see. The page renders
every part in registration order with `{% page_part %}` (municipalities/templatetags). The
outcomes app shows the published terugblik this way.
"""

from collections.abc import Callable

from django.http import HttpRequest

from municipalities.pages import PagePart
from sessions.models import Session

PartFunction = Callable[[HttpRequest, Session], PagePart | None]
_part_functions: list[PartFunction] = []


def register(function: PartFunction) -> PartFunction:
    if function not in _part_functions:  # ready() may run twice in tests
        _part_functions.append(function)
    return function


def page_parts(request: HttpRequest, session: Session) -> list[PagePart]:
    return [part for function in _part_functions if (part := function(request, session)) is not None]
