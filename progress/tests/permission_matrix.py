"""Permission cases for the progress URLs (see tests/permissions.py)."""

from tests.permissions import ALL_ROLES, Case, Partial

NOBODY = frozenset()

PROGRAMME = frozenset({"programme_admin", "adviser"})
OVERVIEW = PROGRAMME | {"staff_drenthe", "staff_nh", "coordinator_drenthe"}
REGION_ES03 = PROGRAMME | {"coordinator_drenthe", "staff_drenthe"}
PROVINCE_DRENTHE = PROGRAMME | {"staff_drenthe"}
# Progress of Assen (Drenthe, RES Drenthe)
VIEW_ASSEN = PROGRAMME | {"staff_drenthe", "coordinator_drenthe", "officer_assen"}
EDIT_ASSEN = frozenset({"programme_admin", "officer_assen"})
COMMENT_ASSEN = PROGRAMME | {"coordinator_drenthe"}
OVERRIDE_ASSEN = frozenset({"programme_admin", "staff_drenthe"})


def _assen(world):
    return {"cbs_code": "GM0106"}


def _section(name):
    return lambda world: {"cbs_code": "GM0106", "section": name}


def _neighbourhood(world):
    from progress.tests.factories import NeighbourhoodFactory

    return {"cbs_code": "GM0106", "pk": NeighbourhoodFactory(municipality=world.assen).pk}


def _initiative(world):
    from progress.tests.factories import InitiativeFactory

    return {"cbs_code": "GM0106", "pk": InitiativeFactory(municipality=world.assen).pk}


def _zaanstad_neighbourhood(world):
    """A row of another municipality addressed through Assen's URL: refused to everyone."""
    from progress.tests.factories import NeighbourhoodFactory

    return {"cbs_code": "GM0106", "pk": NeighbourhoodFactory(municipality=world.zaanstad).pk}


def _zaanstad_initiative(world):
    from progress.tests.factories import InitiativeFactory

    return {"cbs_code": "GM0106", "pk": InitiativeFactory(municipality=world.zaanstad).pk}


def _direction(world, municipality=None):
    """A wijk direction from a session of Assen and Zaanstad, for MUNICIPALITY (Assen)."""
    from outcomes.tests.factories import WijkDirectionFactory, held_session

    session = held_session(codes=("GM0106", "GM0479"))
    direction = WijkDirectionFactory(session=session, municipality=municipality or world.assen)
    return {"cbs_code": "GM0106", "pk": direction.pk}


def _zaanstad_direction(world):
    """Zaanstad's direction adopted through Assen's URL: refused to everyone."""
    return _direction(world, municipality=world.zaanstad)


def _assen_deadline(world):
    from progress.deadlines import deadlines_refresh

    deadlines_refresh(municipality_ids=[world.assen.pk])
    return {"cbs_code": "GM0106", "kind": "programme"}


def _assen_decision(world):
    """Assen with an uploaded council decision for its vision."""
    from django.core.files.base import ContentFile

    from progress.tests.factories import ProgressFactory

    ProgressFactory(
        municipality=world.assen,
        vision_status="adopted",
        vision_adopted_on="2021-05-19",
        vision_decision_file=ContentFile(b"%PDF-1.4\n", name="besluit.pdf"),
    )
    return {"cbs_code": "GM0106", "document": "vision"}


RESULTS = (Partial(target="progress-results"),)

CASES = [
    Case("progress:progress", OVERVIEW, partials=RESULTS),
    Case("progress:national_overview", PROGRAMME, partials=RESULTS),
    Case("progress:national_map", PROGRAMME),
    Case("progress:province_overview", PROVINCE_DRENTHE, kwargs=lambda w: {"code": "PV22"}, partials=RESULTS),
    Case("progress:province_map", PROVINCE_DRENTHE, kwargs=lambda w: {"code": "PV22"}),
    Case("progress:region_dashboard", REGION_ES03, kwargs=lambda w: {"code": "ES03"}, partials=RESULTS),
    Case("progress:region_map", REGION_ES03, kwargs=lambda w: {"code": "ES03"}),
    Case("progress:region_print", REGION_ES03, kwargs=lambda w: {"code": "ES03"}),
    Case("progress:region_export", REGION_ES03, kwargs=lambda w: {"code": "ES03", "fmt": "xlsx"}),
    Case(
        "progress:region_export",
        REGION_ES03,
        kwargs=lambda w: {"code": "ES03", "fmt": "csv"},
        label="region_export:csv",
    ),
    Case("progress:boundaries", ALL_ROLES),
    # Open data: public, no login (progress/views/open_data.py).
    Case("open_data:index", ALL_ROLES),
    Case("open_data:csv", ALL_ROLES),
    Case("open_data:json", ALL_ROLES),
    Case("open_data:schema", ALL_ROLES),
    Case(
        "progress:progress_section",
        VIEW_ASSEN,
        kwargs=_section("visie"),
        partials=(Partial(query="bewerken=1", allowed=EDIT_ASSEN),),
    ),
    Case(
        "progress:progress_section",
        EDIT_ASSEN,
        kwargs=_section("visie"),
        method="post",
        data=lambda w: {"visie-vision_status": "in_preparation"},
        label="progress_section:visie:post",
    ),
    Case(
        "progress:progress_section",
        EDIT_ASSEN,
        kwargs=_section("wijken"),
        method="post",
        data=lambda w: {"wijken-name": "Pittelo", "wijken-alternative": "heat_network", "wijken-wup_status": "none"},
        label="progress_section:wijken:post",
    ),
    Case(
        "progress:progress_section",
        COMMENT_ASSEN,
        kwargs=_section("aandacht"),
        method="post",
        data=lambda w: {"aandacht-flagged": "on", "aandacht-flag_reason": "Visie loopt vertraging op"},
        label="progress_section:aandacht:post",
    ),
    Case("progress:decision_download", VIEW_ASSEN, kwargs=_assen_decision),
    Case("progress:neighbourhood_edit", VIEW_ASSEN, kwargs=_neighbourhood),
    Case(
        "progress:neighbourhood_edit",
        EDIT_ASSEN,
        kwargs=_neighbourhood,
        method="post",
        data=lambda w: {"wijken-name": "Lariks", "wijken-alternative": "all_electric", "wijken-wup_status": "none"},
        label="neighbourhood_edit:post",
    ),
    Case("progress:neighbourhood_delete", EDIT_ASSEN, kwargs=_neighbourhood, method="post"),
    Case("progress:initiative_edit", VIEW_ASSEN, kwargs=_initiative),
    Case(
        "progress:initiative_edit",
        EDIT_ASSEN,
        kwargs=_initiative,
        method="post",
        data=lambda w: {"initiatieven-name": "Warm Pittelo", "initiatieven-phase": "orientation"},
        label="initiative_edit:post",
    ),
    Case("progress:initiative_delete", EDIT_ASSEN, kwargs=_initiative, method="post"),
    # Adopting a session's wijk direction changes the wijk records: who may change the progress.
    Case("progress:direction_adopt", EDIT_ASSEN, kwargs=_direction, method="post"),
    Case(
        "progress:comment_create",
        COMMENT_ASSEN,
        kwargs=_assen,
        method="post",
        data=lambda w: {"opmerking-body": "Goed bezig."},
    ),
    Case("progress:history", VIEW_ASSEN, kwargs=_assen),
    Case("progress:dossier", VIEW_ASSEN, kwargs=_assen),
    Case("progress:dossier_export", VIEW_ASSEN, kwargs=lambda w: {"cbs_code": "GM0106", "fmt": "csv"}),
    Case("progress:deadline_edit", OVERRIDE_ASSEN, kwargs=_assen_deadline),
    Case(
        "progress:deadline_edit",
        OVERRIDE_ASSEN,
        kwargs=_assen_deadline,
        method="post",
        data=lambda w: {"due_on": "2027-03-31", "reason": "Herindeling"},
        label="deadline_edit:post",
    ),
    # Rows of another municipality through Assen's URLs: nobody, not even who may edit both.
    Case("progress:neighbourhood_edit", NOBODY, kwargs=_zaanstad_neighbourhood, label="neighbourhood:foreign"),
    Case(
        "progress:neighbourhood_edit",
        NOBODY,
        kwargs=_zaanstad_neighbourhood,
        method="post",
        data=lambda w: {
            "wijken-name": "Overgenomen",
            "wijken-alternative": "all_electric",
            "wijken-wup_status": "none",
        },
        label="neighbourhood:foreign:post",
    ),
    Case(
        "progress:neighbourhood_delete",
        NOBODY,
        kwargs=_zaanstad_neighbourhood,
        method="post",
        label="neighbourhood_delete:foreign",
    ),
    Case("progress:initiative_edit", NOBODY, kwargs=_zaanstad_initiative, label="initiative:foreign"),
    Case(
        "progress:direction_adopt",
        NOBODY,
        kwargs=_zaanstad_direction,
        method="post",
        label="direction_adopt:foreign",
    ),
    Case(
        "progress:initiative_delete",
        NOBODY,
        kwargs=_zaanstad_initiative,
        method="post",
        label="initiative_delete:foreign",
    ),
]
