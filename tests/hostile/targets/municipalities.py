"""Hostile-input targets: the forms of the stakeholder register (organisations and contacts)."""

from tests.hostile.targets.base import Target


def _register_rows(world, o):
    from municipalities.models import Contact, Organisation

    return [Contact.objects.all(), Organisation.objects.all()]


def _register_objects(world):
    from tests.factories import ContactFactory

    contact = ContactFactory()
    return {"contact": contact, "organisation": contact.organisation}


TARGETS = [
    Target(
        "municipalities:organisation_create",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {
            "name": "Woonstad",
            "type": "housing_corporation",
            "website": "https://example.org",
            "municipalities": [str(w.assen.pk)],
        },
        ["name", "type", "website", "municipalities"],
        _register_rows,
        _register_objects,
    ),
    Target(
        "municipalities:organisation_edit",
        "programme_admin",
        lambda w, o: {"pk": o["organisation"].pk},
        lambda w, o: {"name": "Woonstad", "type": "housing_corporation", "website": "", "municipalities": []},
        ["name", "type", "website", "municipalities"],
        _register_rows,
        _register_objects,
    ),
    Target(
        "municipalities:contact_create",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {
            "name": "Els de Boer",
            "email": "els@example.org",
            "phone": "0612345678",
            "job_title": "Adviseur",
            "organisation": str(o["organisation"].pk),
        },
        ["name", "email", "phone", "job_title", "organisation"],
        _register_rows,
        _register_objects,
    ),
    Target(
        "municipalities:contact_edit",
        "programme_admin",
        lambda w, o: {"pk": o["contact"].pk},
        lambda w, o: {
            "name": "Els de Boer",
            "email": "els@example.org",
            "phone": "",
            "job_title": "",
            "organisation": "",
        },
        ["name", "email", "phone", "job_title", "organisation"],
        _register_rows,
        _register_objects,
    ),
]
