"""Hostile-input targets: the forms of a session's outcomes (koppelkans, afspraak, wijkrichting),
of its terugblik (the summary, a photo with its description), an agreed action's status form and
the page of its signed link."""

from tests.hostile.targets.base import Target, future


def _rows(world, o):
    from outcomes.models import AgreedAction, LinkingOpportunity, WijkDirection

    return [LinkingOpportunity.objects.all(), AgreedAction.objects.all(), WijkDirection.objects.all()]


def _objects(world):
    from outcomes.tests.factories import AgreedActionFactory, LinkingOpportunityFactory, held_session
    from tests.factories import ContactFactory

    session = held_session(codes=("GM0106",), province=world.drenthe)
    action = AgreedActionFactory(session=session, municipality=world.assen, owner_contact=ContactFactory())
    return {
        "session": session,
        "kans": LinkingOpportunityFactory(session=session, municipality=world.assen),
        "action": action,
    }


DATA = {
    "koppelkans": {"description": "Rioolvervanging", "neighbourhood_name": "Lariks", "organisation": ""}
    | {"from_year": "2028", "status": "idea"},
    "afspraak": {"description": "Kaart delen", "owner_organisation": "", "owner_contact": "", "status": "open"},
    "richting": {"neighbourhood_name": "Lariks", "alternative": "heat_network", "notes": "Eerst het riool"},
}


def _data(kind):
    def data(world, o):
        extra = {"due_on": future()} if kind == "afspraak" else {}
        return {"municipality": str(world.assen.pk), **DATA[kind], **extra}

    return data


def _fields(kind):
    return ["municipality", *DATA[kind], *(["due_on"] if kind == "afspraak" else [])]


def _add(kind):
    return lambda w, o: {"pk": o["session"].pk, "kind": kind}


def _edit(w, o):
    return {"pk": o["session"].pk, "kind": "koppelkans", "outcome_pk": o["kans"].pk}


def _review_rows(world, o):
    from outcomes.models import ReviewPhoto, SessionReview

    return [SessionReview.objects.all(), ReviewPhoto.objects.all()]


def _photo(world, o):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from outcomes.tests.factories import png_bytes

    return {"foto-image": SimpleUploadedFile("zaal.png", png_bytes(), "image/png"), "foto-alt_text": "De zaal"}


PHOTO_FIELDS = ["foto-alt_text", "foto-image"]


def _summary(world, o):
    return {"summary": "Goed gesprek met de corporaties."}


def _page(w, o):
    return {"pk": o["session"].pk}


def _status_url(w, o):
    return {"pk": o["session"].pk, "action_pk": o["action"].pk}


def _link_url(w, o):
    from outcomes.tokens import action_token

    return {"token": action_token(o["action"])}


def _status(w, o):
    return {"status": "done", "note": "Kaart gedeeld", "name": "Anne de Wit"}


def _actions(world, o):
    from heatportal.audit.models import ActionLog
    from outcomes.models import AgreedAction

    return [AgreedAction.objects.all(), ActionLog.objects.all()]


TARGETS = [
    *[Target("outcomes:add", "staff_drenthe", _add(k), _data(k), _fields(k), _rows, _objects) for k in DATA],
    Target("outcomes:edit", "officer_assen", _edit, _data("koppelkans"), _fields("koppelkans"), _rows, _objects),
    Target("outcomes:review_save", "staff_drenthe", _page, _summary, ["summary"], _review_rows, _objects),
    Target("outcomes:review_photo_add", "staff_drenthe", _page, _photo, PHOTO_FIELDS, _review_rows, _objects),
    Target("outcomes:action_status", "officer_assen", _status_url, _status, ["status", "note"], _actions, _objects),
    Target("outcomes:action_link", "anonymous", _link_url, _status, ["status", "note", "name"], _actions, _objects),
]
