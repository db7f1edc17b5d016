"""Object rules of the labs app (imported by heatportal.permissions).

The catalogue and a lab's public page are open to everyone. Municipal officers enrol their
own municipality (whether it is eligible is the enrolment service's rule, so a refusal can say
why). Organisers are provincial staff of the organising province and programme admins; the
lab page with cases and updates is for participants, advisers and organisers.
"""

import rules

from heatportal.permissions import (
    is_municipal_officer,
    is_programme_admin,
    is_programme_adviser,
    is_provincial_staff,
    municipality_ids,
    province_ids,
)


@rules.predicate
def is_lab_organiser(user, lab) -> bool:
    return lab is not None and lab.organiser_province_id in province_ids(user)


@rules.predicate
def is_lab_adviser(user, lab) -> bool:
    # Reads the prefetched advisers where a selector loaded them (no query per row).
    return lab is not None and user.is_authenticated and any(a.pk == user.pk for a in lab.advisers.all())


@rules.predicate
def is_lab_participant(user, lab) -> bool:
    ids = municipality_ids(user)
    return bool(lab is not None and ids and lab.enrolments.filter(status="active", municipality_id__in=ids).exists())


@rules.predicate
def is_enrolment_officer(user, enrolment) -> bool:
    return enrolment is not None and enrolment.municipality_id in municipality_ids(user)


@rules.predicate
def is_enrolment_participant(user, enrolment) -> bool:
    return (
        enrolment is not None and enrolment.status == "active" and enrolment.municipality_id in municipality_ids(user)
    )


@rules.predicate
def organises_enrolment_lab(user, enrolment) -> bool:
    return enrolment is not None and enrolment.lab.organiser_province_id in province_ids(user)


@rules.predicate
def advises_enrolment_lab(user, enrolment) -> bool:
    return enrolment is not None and (is_programme_adviser(user) or is_lab_adviser(user, enrolment.lab))


is_organiser = is_programme_admin | is_lab_organiser
is_room_member = is_organiser | is_programme_adviser | is_lab_adviser | is_lab_participant

rules.add_perm("labs.view_catalogue", rules.always_allow)
rules.add_perm("labs.view_lab", rules.always_allow)
rules.add_perm("labs.enrol", is_municipal_officer)
rules.add_perm("labs.view_mine", is_municipal_officer | is_programme_adviser | is_provincial_staff | is_programme_admin)
rules.add_perm("labs.create_lab", is_programme_admin | is_provincial_staff)
rules.add_perm("labs.manage_lab", is_organiser)
rules.add_perm("labs.view_room", is_room_member)
rules.add_perm("labs.withdraw_enrolment", is_enrolment_officer | (is_programme_admin | organises_enrolment_lab))
rules.add_perm("labs.answer_offer", is_enrolment_officer)
rules.add_perm(
    "labs.post_update",
    is_enrolment_participant | advises_enrolment_lab | is_programme_admin | organises_enrolment_lab,
)
