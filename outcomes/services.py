"""Writes of a session's outcomes (koppelkansen, afspraken, wijkrichtingen): atomic, audited and
with the acting user in the history. Views check who may reach a session or row (outcomes.rules);
these refuse what no form may do either: recording for a municipality that is not a participant
or not recordable by the user, or for a session that has not taken place yet."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from municipalities.models import Municipality
from outcomes.models import AgreedAction
from outcomes.models import _new_action_key as new_action_key
from outcomes.rules import recordable_municipalities
from outcomes.services_actions import action_link_send
from sessions.models import Session


def session_has_taken_place(session: Session) -> bool:
    """Held, or (not cancelled and) its last day is behind us: an organiser who forgets to mark
    the session held must still be able to record what it produced."""
    if session.status == Session.Status.HELD:
        return True
    if session.status == Session.Status.CANCELLED:
        return False
    last_day = session.days.aggregate(last=Max("date"))["last"]
    return last_day is not None and last_day < timezone.localdate()


def _check_recordable(*, session: Session, municipality: Municipality, user) -> None:
    if not session_has_taken_place(session):
        raise ValidationError(_("Opbrengsten legt u vast nadat de sessie is gehouden."), code="not_held")
    if not recordable_municipalities(user, session).filter(pk=municipality.pk).exists():
        raise PermissionDenied


def _changes(outcome, values: dict) -> dict:
    differing = [name for name, value in values.items() if getattr(outcome, name) != value]
    return {name: [str(getattr(outcome, name)), str(values[name])] for name in differing}


@transaction.atomic
def outcome_record(*, model, session: Session, municipality: Municipality, user, values: dict):
    """A new outcome row of MODEL for MUNICIPALITY, a participant of SESSION."""
    _check_recordable(session=session, municipality=municipality, user=user)
    outcome = model(session=session, municipality=municipality, created_by=user, **values)
    outcome._history_user = user
    outcome.full_clean()
    outcome.save()
    audit_record(
        Action.OUTCOME_RECORDED,
        actor=user,
        obj=outcome,
        summary=f"{session}: {municipality}: {model._meta.verbose_name}",
        changes={"kind": model._meta.model_name},
    )
    if isinstance(outcome, AgreedAction):
        action_link_send(action=outcome)  # the owner's contact gets the link to update it
    return outcome


@transaction.atomic
def outcome_change(*, outcome, user, values: dict):
    """Set VALUES on OUTCOME; saves (and audits) only when something differs. Moving a row to
    another municipality is checked as recording for it."""
    # Compared with the stored row: a ModelForm's validation has already set its values on OUTCOME.
    stored = type(outcome).objects.select_for_update().get(pk=outcome.pk)
    changes = _changes(stored, values)
    if not changes:
        return stored
    outcome = stored
    municipality = values.get("municipality", outcome.municipality)
    _check_recordable(session=outcome.session, municipality=municipality, user=user)
    for name, value in values.items():
        setattr(outcome, name, value)
    # Another contact (or none): the link the previous one has stops working.
    contact_changed = isinstance(outcome, AgreedAction) and "owner_contact" in changes
    if contact_changed:
        outcome.link_key = new_action_key()
    outcome._history_user = user
    outcome.full_clean()
    outcome.save()
    audit_record(Action.OUTCOME_CHANGED, actor=user, obj=outcome, summary=str(outcome.session), changes=changes)
    if contact_changed:
        action_link_send(action=outcome)
    return outcome


@transaction.atomic
def outcome_remove(*, outcome, user) -> None:
    audit_record(
        Action.OUTCOME_REMOVED,
        actor=user,
        obj=outcome,
        summary=f"{outcome.session}: {outcome.municipality}: {outcome._meta.verbose_name}",
        changes={"kind": outcome._meta.model_name},
    )
    outcome._history_user = user
    outcome.delete()
