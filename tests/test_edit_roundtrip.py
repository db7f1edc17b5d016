"""Every edit form, posted back exactly as the browser offers it, changes nothing.

For each edit page: open it as someone who may edit, read the form as a browser would (every
initial value, hidden fields, management forms: tests/htmlforms.py), post it unchanged and
compare every row of the models involved before and after. A form that drops a value it did
not show, or a save that rebuilds related rows, fails here."""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.urls import reverse

from tests.htmlforms import page_form, post_data

pytestmark = pytest.mark.django_db

# Columns a save may touch without changing anything a person sees.
VOLATILE = {"updated_at", "modified", "history_date", "last_login"}


@dataclass(frozen=True)
class Edit:
    url_name: str
    role: str
    make: object  # world -> URL kwargs (creates what the page edits)
    models: tuple[str, ...]
    query: str = ""
    form_action: str = ""  # defaults to the URL itself
    extra: dict = field(default_factory=dict)  # what a person must tick anyway (warnings)

    @property
    def id(self) -> str:
        return f"{self.url_name}{self.query}"


def _session(world):
    import datetime as dt

    from django.utils import timezone

    from sessions.tests.factories import SessionDayFactory, SessionFactory, WorkshopFactory
    from tests.factories import municipality

    session = SessionFactory(
        organiser_province=world.drenthe,
        municipalities=[municipality("GM0106"), municipality("GM1731"), municipality("GM0193")],
        description="Twee dagen met corporaties en netbeheerder.",
        reminder_days=[14, 2],
    )
    session.participations.filter(municipality__cbs_code="GM0106").update(seat_types=["grid_operator"])
    for offset in (30, 31):
        SessionDayFactory(session=session, date=timezone.localdate() + dt.timedelta(days=offset), online_url="")
    WorkshopFactory(session=session)
    return {"pk": session.pk}


def _programme_item(world):
    import datetime as dt

    from sessions.models import Session
    from sessions.services.programme import programme_item_add

    session = Session.objects.get(pk=_session(world)["pk"])
    second = session.days.order_by("date").last()
    programme_item_add(session=session, day=second, title="Opening", start_time=dt.time(9, 30))
    item = programme_item_add(session=session, day=second, title="Rondvraag", speaker="Els", format="group")
    return {"pk": session.pk, "item_pk": item.pk}


def _workshop(world):
    import datetime as dt

    from sessions.models import Session
    from sessions.services.programme import workshop_add

    session = Session.objects.get(pk=_session(world)["pk"])
    workshop = workshop_add(
        session=session,
        title="Warmtenet",
        capacity=12,
        description="Wat een warmtenet kost\nen wie het aanlegt.",
        day=session.days.order_by("date").first(),
        start_time=dt.time(10),
        end_time=dt.time(11, 30),
        room="Zaal 2",
    )
    return {"pk": session.pk, "workshop_pk": workshop.pk}


def _plan(world):
    from sessions.models import MunicipalityPlan

    MunicipalityPlan.objects.create(municipality=world.assen, own_trajectory=True, note="Eigen traject met Actium")
    return {"cbs_code": "GM0106"}


def _lab(world):
    from labs.tests.factories import LabFactory

    lab = LabFactory(organiser_province=world.noord_holland)
    return {"pk": lab.pk}


def _meeting(world):
    import datetime as dt

    from django.utils import timezone

    from labs.tests.factories import LabFactory, LabMeetingFactory

    # Meetings are entered to the minute (datetime-local); a factory's seconds are not a person's.
    starts = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=10)
    return {"pk": LabMeetingFactory(lab=LabFactory(organiser_province=world.noord_holland), starts_at=starts).pk}


def _attendance(world):
    import datetime as dt

    from django.utils import timezone

    from labs.models import MeetingAttendance
    from labs.tests.factories import EnrolmentFactory, LabFactory, LabMeetingFactory
    from tests.factories import municipality

    lab = LabFactory(organiser_province=world.noord_holland)
    present = EnrolmentFactory(lab=lab, municipality=world.zaanstad)
    EnrolmentFactory(lab=lab, municipality=municipality("GM0361"))
    meeting = LabMeetingFactory(lab=lab, starts_at=timezone.now() - dt.timedelta(days=1))
    MeetingAttendance.objects.create(meeting=meeting, enrolment=present)
    return {"pk": meeting.pk}


def _organisation(world):
    from tests.factories import OrganisationFactory, municipality

    return {"pk": OrganisationFactory(municipalities=[municipality("GM0106"), municipality("GM1731")]).pk}


def _contact(world):
    from tests.factories import ContactFactory

    return {"pk": ContactFactory(phone="0592 123456").pk}


def _neighbourhood(world):
    from progress.tests.factories import NeighbourhoodFactory, ProgressFactory

    ProgressFactory(municipality=world.assen)
    return {"cbs_code": "GM0106", "pk": NeighbourhoodFactory(municipality=world.assen).pk}


def _initiative(world):
    from progress.tests.factories import InitiativeFactory, ProgressFactory

    ProgressFactory(municipality=world.assen)
    return {"cbs_code": "GM0106", "pk": InitiativeFactory(municipality=world.assen).pk}


def _progress(section):
    def make(world):
        from progress.tests.factories import ProgressFactory

        ProgressFactory(municipality=world.assen)
        return {"cbs_code": "GM0106", "section": section}

    return make


def _action(world):
    from outcomes.tests.factories import AgreedActionFactory, held_session
    from tests.factories import ContactFactory

    session = held_session(codes=("GM0106",), province=world.drenthe)
    action = AgreedActionFactory(
        session=session, municipality=world.assen, owner_contact=ContactFactory(), status="done", status_note="Klaar"
    )
    return {"pk": session.pk, "action_pk": action.pk}


def _outcome(kind):
    def make(world):
        import datetime as dt

        from outcomes.tests import factories
        from outcomes.tests.factories import held_session
        from tests.factories import ContactFactory, OrganisationFactory

        session = held_session(codes=("GM0106",), province=world.drenthe)
        values = {"session": session, "municipality": world.assen}
        if kind == "koppelkans":
            row = factories.LinkingOpportunityFactory(**values, organisation=OrganisationFactory(), from_year=2028)
        elif kind == "afspraak":
            contact = ContactFactory()
            row = factories.AgreedActionFactory(**values, owner_contact=contact, due_on=dt.date(2027, 3, 1))
        else:
            row = factories.WijkDirectionFactory(**values, insulation_first=True, notes="Eerst isoleren")
        return {"pk": session.pk, "kind": kind, "outcome_pk": row.pk}

    return make


def _deadline(world):
    from progress.deadlines import deadlines_refresh

    deadlines_refresh(municipality_ids=[world.assen.pk])
    return {"cbs_code": world.assen.cbs_code, "kind": "programme"}


OUTCOME_MODELS = ("outcomes.LinkingOpportunity", "outcomes.AgreedAction", "outcomes.WijkDirection")
SESSION_MODELS = ("sprints.Session", "sprints.SessionDay", "sprints.SessionMunicipality", "sprints.Workshop")
PROGRESS_MODELS = ("progress.Progress", "progress.Neighbourhood", "progress.Initiative")
EDITS = [
    Edit("sessions:edit", "staff_drenthe", _session, SESSION_MODELS, extra={"confirm": "on"}),
    Edit("sessions:seats", "staff_drenthe", _session, SESSION_MODELS),
    Edit("sessions:municipality_plan", "staff_drenthe", _plan, ("sprints.MunicipalityPlan",)),
    Edit("sessions:programme_edit", "staff_drenthe", _programme_item, (*SESSION_MODELS, "sprints.ProgrammeItem")),
    Edit("sessions:workshop_edit", "staff_drenthe", _workshop, SESSION_MODELS),
    Edit("labs:edit", "staff_nh", _lab, ("labs.Lab",)),
    Edit("labs:meeting_edit", "staff_nh", _meeting, ("labs.LabMeeting", "labs.Lab")),
    Edit("labs:meeting_attendance", "staff_nh", _attendance, ("labs.MeetingAttendance", "labs.Enrolment")),
    Edit("municipalities:organisation_edit", "programme_admin", _organisation, ("municipalities.Organisation",)),
    Edit("municipalities:contact_edit", "programme_admin", _contact, ("municipalities.Contact",)),
    Edit("progress:neighbourhood_edit", "officer_assen", _neighbourhood, PROGRESS_MODELS, query="?bewerken=1"),
    Edit("progress:initiative_edit", "officer_assen", _initiative, PROGRESS_MODELS, query="?bewerken=1"),
    Edit(
        "outcomes:action_status", "officer_assen", _action, ("outcomes.AgreedAction", "outcomes.HistoricalAgreedAction")
    ),
    *[
        Edit("outcomes:edit", "staff_drenthe", _outcome(kind), OUTCOME_MODELS)
        for kind in ("koppelkans", "afspraak", "richting")
    ],
    Edit("progress:deadline_edit", "staff_drenthe", _deadline, ("progress.Deadline", "progress.HistoricalDeadline")),
    *[
        Edit("progress:progress_section", "officer_assen", _progress(s), PROGRESS_MODELS, query="?bewerken=1")
        for s in ("visie", "warmteprogramma", "woningen")
    ],
]


def _rows(model_labels) -> dict[str, list[dict]]:
    snapshot = {}
    for label in model_labels:
        model = apps.get_model(label)
        rows = list(model.objects.order_by("pk").values())
        m2m = [f.name for f in model._meta.many_to_many]
        for row, obj in zip(rows, model.objects.order_by("pk").prefetch_related(*m2m), strict=True):
            for name in VOLATILE:
                row.pop(name, None)
            for name in m2m:
                row[name] = sorted(o.pk for o in getattr(obj, name).all())
        snapshot[label] = rows
    return snapshot


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.id)
def test_posting_an_edit_form_back_unchanged_changes_nothing(edit, world, client):
    kwargs = edit.make(world)
    url = reverse(edit.url_name, kwargs=kwargs)
    before = _rows(edit.models)
    client.force_login(world.users[edit.role])

    page = client.get(url + edit.query)
    assert page.status_code == 200
    data = page_form(page, action_contains=edit.form_action or url)
    data.update(edit.extra)
    response = client.post(url, post_data(data))

    # Every edit page answers a good save with a redirect; a 200 means the form was refused
    # (maybe on a hidden field no one can see), which is a failure too.
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _rows(edit.models) == before
