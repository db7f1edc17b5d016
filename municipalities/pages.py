"""What the apps above municipalities add to a municipality's page, without municipalities
importing them.

The apps depend one way: accounts ← municipalities ← sessions, labs ← progress. The page of a
municipality (`municipalities:detail`) still shows what progress knows about it, so the
dependency is inverted here: an app registers a function from its AppConfig.ready() with
`register`; the detail view calls each with the request and the municipality and gets a
`PagePart` (a template with its own context) or None when that person may not see the part.
The page includes every part in registration order (`{% page_part %}`, which renders the part's
template with the part's context on top of the page's, as `{% include %}` would).

An app that re-renders the whole page itself (a form error posted without JavaScript) builds the
same context with `detail_context(..., parts=[its part])`. With no part registered the page is
complete on its own: the CBS facts and, for who may see them, the organisations.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

from municipalities.models import Municipality


@dataclass(frozen=True)
class PagePart:
    template: str
    context: dict
    stylesheets: tuple[str, ...] = ()  # static paths, linked in <head>
    scripts: tuple[str, ...] = ()
    # Facts of the page that the part shows itself (and may edit): the page leaves them out.
    # Known: "dwellings".
    covers: frozenset[str] = field(default_factory=frozenset)


PartFunction = Callable[[HttpRequest, Municipality], PagePart | None]
_part_functions: list[PartFunction] = []


def register(function: PartFunction) -> PartFunction:
    if function not in _part_functions:  # ready() may run twice in tests
        _part_functions.append(function)
    return function


def page_parts(request: HttpRequest, municipality: Municipality) -> list[PagePart]:
    return [part for function in _part_functions if (part := function(request, municipality)) is not None]


def detail_context(
    request: HttpRequest, municipality: Municipality, *, organisations=None, parts: list[PagePart] | None = None
) -> dict:
    """The context of municipalities/detail.html; PARTS default to every registered part."""
    parts = page_parts(request, municipality) if parts is None else parts
    return {
        "municipality": municipality,
        "organisations": organisations,
        "parts": parts,
        "covered": frozenset().union(*(part.covers for part in parts)),
    }
