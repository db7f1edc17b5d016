"""Who may use which outcomes URL (walked by tests/test_permissions.py with every role).

A held session organised by Drenthe with Assen taking part: its organisers (programme staff,
Drenthe staff) and Assen's officer record and change Assen's outcomes; nobody else sees them.
"""

from tests.permissions import ALL_ROLES, Case

RECORD = frozenset({"programme_admin", "adviser", "staff_drenthe", "officer_assen"})
# The terugblik (summary, photos, attendance, publishing): the session's organisers only.
REVIEW = RECORD - {"officer_assen"}


def _session(world):
    from outcomes.tests.factories import held_session

    return held_session(codes=("GM0106",), province=world.drenthe)


def _page(world):
    return {"pk": _session(world).pk}


def _kind(kind):
    return lambda world: {"pk": _session(world).pk, "kind": kind}


def _row(world):
    from outcomes.tests.factories import LinkingOpportunityFactory

    row = LinkingOpportunityFactory(session=_session(world), municipality=world.assen)
    return {"pk": row.session_id, "kind": "koppelkans", "outcome_pk": row.pk}


def _koppelkans(world):
    return {"municipality": world.assen.pk, "description": "Rioolvervanging", "status": "idea"}


def _photo(published):
    def kwargs(world):
        from outcomes.tests.factories import review_with_photo

        photo = review_with_photo(_session(world), published=published)
        return {"pk": photo.review.session_id, "photo_pk": photo.pk}

    return kwargs


def _summary(world):
    return {"summary": "Een goede middag met de corporaties."}


CASES = [
    Case("outcomes:session", RECORD, kwargs=_page),
    Case("outcomes:add", RECORD, kwargs=_kind("koppelkans")),
    Case("outcomes:add", RECORD, kwargs=_kind("afspraak"), method="post", data=_koppelkans, label="add:post"),
    Case("outcomes:edit", RECORD, kwargs=_row),
    Case("outcomes:edit", RECORD, kwargs=_row, method="post", data=_koppelkans, label="edit:post"),
    Case("outcomes:remove", RECORD, kwargs=_row),
    Case("outcomes:remove", RECORD, kwargs=_row, method="post", label="remove:post"),
    Case("outcomes:review_save", REVIEW, kwargs=_page, method="post", data=_summary),
    Case("outcomes:review_attendance", REVIEW, kwargs=_page, method="post"),
    Case("outcomes:review_publish", REVIEW, kwargs=_page, method="post"),
    Case("outcomes:review_withdraw", REVIEW, kwargs=_page, method="post"),
    Case("outcomes:review_photo_add", REVIEW, kwargs=_page, method="post", data=lambda w: {"foto-alt_text": "Zaal"}),
    Case("outcomes:review_photo_remove", REVIEW, kwargs=_photo(False), method="post"),
    # The photo itself: once published for whoever sees the session, before that for its organisers.
    Case("outcomes:review_photo", REVIEW, kwargs=_photo(False), label="review_photo:unpublished"),
    Case("outcomes:review_photo", RECORD, kwargs=_photo(True), label="review_photo:published"),
]


def _action(world):
    from outcomes.tests.factories import AgreedActionFactory

    action = AgreedActionFactory(session=_session(world), municipality=world.assen)
    return {"pk": action.session_id, "action_pk": action.pk}


def _action_with_contact(world):
    from outcomes.tests.factories import AgreedActionFactory
    from tests.factories import ContactFactory

    action = AgreedActionFactory(session=_session(world), municipality=world.assen, owner_contact=ContactFactory())
    return {"pk": action.session_id, "action_pk": action.pk}


def _action_link(world):
    from outcomes.tests.factories import AgreedActionFactory
    from outcomes.tokens import action_token
    from tests.factories import ContactFactory

    action = AgreedActionFactory(session=_session(world), municipality=world.assen, owner_contact=ContactFactory())
    return {"token": action_token(action)}


def _status(world):
    return {"status": "done", "note": "Gedaan", "name": "Anne de Wit"}


CASES += [
    Case("outcomes:action_status", RECORD, kwargs=_action),
    Case("outcomes:action_status", RECORD, kwargs=_action, method="post", data=_status, label="action_status:post"),
    Case("outcomes:action_link_resend", RECORD, kwargs=_action_with_contact, method="post"),
    # The signed link is the permission: whoever holds it, signed in or not, as any role.
    Case("outcomes:action_link", ALL_ROLES, kwargs=_action_link),
    Case("outcomes:action_link", ALL_ROLES, kwargs=_action_link, method="post", data=_status, label="link:post"),
]
