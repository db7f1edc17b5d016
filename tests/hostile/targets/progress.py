"""Hostile-input targets: the forms of regional progress (sections, neighbourhoods, initiatives, comments)."""

from tests.hostile.targets.base import Target


def _progress_rows(world, o):
    from municipalities.models import Municipality
    from progress.models import Initiative, Neighbourhood, Progress, ProgressComment

    return [
        Progress.objects.all(),
        Neighbourhood.objects.all(),
        Initiative.objects.all(),
        ProgressComment.objects.all(),
        Municipality.objects.filter(pk=world.assen.pk),
    ]


def _progress_objects(world):
    from progress.tests.factories import InitiativeFactory, NeighbourhoodFactory

    return {
        "neighbourhood": NeighbourhoodFactory(municipality=world.assen),
        "initiative": InitiativeFactory(municipality=world.assen),
    }


def _section(name):
    return lambda world, o: {"cbs_code": "GM0106", "section": name}


def _prefixed(prefix, data):
    return {f"{prefix}-{k}": v for k, v in data.items()}


WIJK = {"name": "Pittelo", "cbs_code": "WK010601", "dwellings": "1200", "period_start": "2026", "period_end": "2030"}
WIJK |= {"alternative": "heat_network", "insulation_first": "on", "wup_status": "none"}
INITIATIEF = {"name": "Warm Pittelo", "phase": "orientation", "heat_solution": "", "contact_name": "Els"}
INITIATIEF |= {"contact_email": "els@example.org", "collaboration": "", "collaboration_notes": "Met de gemeente"}


P = _progress_objects
TARGETS = [
    *[
        Target(
            "progress:progress_section",
            role,
            _section(section),
            (lambda d: lambda w, o: dict(d))(base),
            list(base) + extra,
            _progress_rows,
            P,
        )
        for role, section, base, extra in [
            (
                "officer_assen",
                "visie",
                _prefixed(
                    "visie",
                    {
                        "vision_status": "adopted",
                        "vision_adopted_on": "2024-03-01",
                        "vision_url": "https://example.org",
                    },
                ),
                [],
            ),
            (
                "officer_assen",
                "warmteprogramma",
                _prefixed(
                    "warmteprogramma",
                    {
                        "programme_status": "in_preparation",
                        "programme_adopted_on": "",
                        "programme_url": "",
                    },
                ),
                [],
            ),
            ("officer_assen", "woningen", {"woningen-dwellings": "30000"}, []),
            ("officer_assen", "wijken", _prefixed("wijken", WIJK), []),
            ("officer_assen", "initiatieven", _prefixed("initiatieven", INITIATIEF), []),
            ("coordinator_drenthe", "aandacht", {"aandacht-flagged": "on", "aandacht-flag_reason": "Vertraging"}, []),
            ("officer_assen", "bestaat-niet", {"x": "y"}, []),
        ]
    ],
    Target(
        "progress:neighbourhood_edit",
        "officer_assen",
        lambda w, o: {"cbs_code": "GM0106", "pk": o["neighbourhood"].pk},
        lambda w, o: _prefixed("wijken", WIJK),
        list(_prefixed("wijken", WIJK)),
        _progress_rows,
        P,
    ),
    Target(
        "progress:initiative_edit",
        "officer_assen",
        lambda w, o: {"cbs_code": "GM0106", "pk": o["initiative"].pk},
        lambda w, o: _prefixed("initiatieven", INITIATIEF),
        list(_prefixed("initiatieven", INITIATIEF)),
        _progress_rows,
        P,
    ),
    Target(
        "progress:comment_create",
        "coordinator_drenthe",
        lambda w, o: {"cbs_code": "GM0106"},
        lambda w, o: {"opmerking-body": "Goed bezig"},
        ["opmerking-body"],
        _progress_rows,
        P,
    ),
    Target(
        "progress:deadline_edit",
        "staff_drenthe",
        lambda w, o: {"cbs_code": "GM0106", "kind": "programme"},
        lambda w, o: {"due_on": "2027-03-31", "reason": "Herindeling"},
        ["due_on", "reason"],
        lambda w, o: [_deadlines()],
        lambda w: _refresh_deadlines(w),
    ),
]


def _deadlines():
    from progress.models import Deadline

    return Deadline.objects.all()


def _refresh_deadlines(world):
    from progress.deadlines import deadlines_refresh

    deadlines_refresh(municipality_ids=[world.assen.pk])
    return {}
