"""Every main page of issue 10's benchmark answers with at most 15 queries on the national data set
at scale 0.01 (`scale_world`), logged in as the person who uses it. A page whose query count grows
with the rows it holds fails here long before it is slow.

Each page is asked for once before it is counted: the benchmark measures warm server processes,
and one-time look-ups (content types, the URL resolver) are no part of a page's cost."""

import pytest
from django.urls import reverse

from sessions.scale import PASTE_2000, SESSION_500, SESSION_2000
from sessions.services.answers import answer_url

# 15 before the second factor, whose device each verified request reads; 18 since the session
# page's invitee rows name the days each comes on and their place in every workshop slot (one
# prefetch each for the page).
MAX_QUERIES = 18
PROVINCES = {
    "PV20": "Groningen", "PV21": "Fryslân", "PV22": "Drenthe", "PV23": "Overijssel", "PV24": "Flevoland",
    "PV25": "Gelderland", "PV26": "Utrecht", "PV27": "Noord-Holland", "PV28": "Zuid-Holland", "PV29": "Zeeland",
    "PV30": "Noord-Brabant", "PV31": "Limburg",
}  # fmt: skip
LARGEST_REGION = "ES16"  # Noord-Holland Zuid: 27 municipalities, the named sessions' region
MUNICIPALITY = "GM0358"  # Aalsmeer: first of that region, taking part in the named sessions
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "invitations"}

pytestmark = pytest.mark.django_db


def _session_url(world, title: str, name: str = "sessions:detail", query: str = "") -> str:
    return reverse(name, kwargs={"pk": world.session(title).pk}) + query


# name: world -> (user or None, url, extra request headers)
PAGES = {
    "board, programme staff": lambda w: (w.adviser, reverse("sessions:board") + "?provincie=PV27", {}),
    "session list, programme staff": lambda w: (w.adviser, reverse("sessions:list"), {}),
    "session list, province staff": lambda w: (w.staff("Noord-Holland"), reverse("sessions:list"), {}),
    "session page, 500": lambda w: (w.staff("Noord-Holland"), _session_url(w, SESSION_500), {}),
    "session page, 2,000": lambda w: (w.staff("Noord-Holland"), _session_url(w, SESSION_2000), {}),
    "session poll, 500": lambda w: (
        w.staff("Noord-Holland"),
        _session_url(w, SESSION_500, query="?deel=invitations"),
        HTMX,
    ),
    "session poll, 2,000": lambda w: (
        w.staff("Noord-Holland"),
        _session_url(w, SESSION_2000, query="?deel=invitations"),
        HTMX,
    ),
    "invite page, 2,000": lambda w: (w.staff("Noord-Holland"), _session_url(w, SESSION_2000, "sessions:invite"), {}),
    "invite page, empty session": lambda w: (
        w.staff("Noord-Holland"),
        _session_url(w, PASTE_2000, "sessions:invite"),
        {},
    ),
    "lab catalogue, anonymous": lambda w: (None, reverse("labs:catalogue"), {}),
    "lab catalogue, officer": lambda w: (w.officer(MUNICIPALITY), reverse("labs:catalogue"), {}),
    "lab page": lambda w: (w.adviser, w.lab.get_absolute_url(), {}),
    "lab room": lambda w: (w.adviser, reverse("labs:room", kwargs={"pk": w.lab.pk}), {}),
    "region dashboard": lambda w: (
        w.coordinator(LARGEST_REGION),
        reverse("progress:region_dashboard", kwargs={"code": LARGEST_REGION}),
        {},
    ),
    "province overview": lambda w: (
        w.staff("Noord-Holland"),
        reverse("progress:province_overview", kwargs={"code": "PV27"}),
        {},
    ),
    "national overview": lambda w: (w.adviser, reverse("progress:national_overview"), {}),
    "national map": lambda w: (w.adviser, reverse("progress:national_map"), {}),
    "municipality page": lambda w: (
        w.coordinator(LARGEST_REGION),
        reverse("municipalities:detail", kwargs={"cbs_code": MUNICIPALITY}),
        {},
    ),
    "municipality history": lambda w: (
        w.coordinator(LARGEST_REGION),
        reverse("progress:history", kwargs={"cbs_code": MUNICIPALITY}),
        {},
    ),
    "outbox": lambda w: (w.admin, reverse("mail:outbox"), {}),
    "calendar feed": lambda w: (None, reverse("sessions:feed", kwargs={"token": w.adviser.calendar_token}), {}),
    "answer page": lambda w: (None, answer_url(w.invitation(SESSION_2000)), {}),
}
for _code, _name in PROVINCES.items():
    PAGES[f"board, staff of {_code}"] = lambda w, name=_name: (w.staff(name), reverse("sessions:board"), {})


@pytest.mark.parametrize("name", PAGES)
def test_main_page_answers_within_the_query_budget(scale_world, client, django_assert_max_num_queries, name):
    user, url, headers = PAGES[name](scale_world)
    if user is not None:
        client.force_login(user)
    assert client.get(url, **headers).status_code == 200  # warm
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url, **headers)
    assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"


def test_the_pages_show_the_scale_data(scale_world, client):
    """The budget above holds over pages that show the data, not over empty ones."""
    from heatportal.mail.models import Email

    client.force_login(scale_world.staff("Noord-Holland"))
    assert SESSION_2000 in client.get(reverse("sessions:board")).text
    assert (
        scale_world.invitation(SESSION_2000).contact.email in client.get(_session_url(scale_world, SESSION_2000)).text
    )
    client.force_login(scale_world.admin)
    assert Email.objects.order_by("-created_at", "-id").first().to_email in client.get(reverse("mail:outbox")).text
    feed = client.get(reverse("sessions:feed", kwargs={"token": scale_world.adviser.calendar_token})).text
    assert "BEGIN:VEVENT" in feed
