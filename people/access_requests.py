"""Access requests and the yearly access review: the writes (services) and reads (selectors).

Who approves what follows accounts.rules.may_grant. Notifications are routed to the people
expected to act: an officer's request goes to the provincial staff of the municipality's
province (programme administrators when that province has none); every other request goes to
the programme administrators. Coordinators and administrators also see officer requests they
may grant on the list page, without a message for each.

"Approver" for the yearly review (BIO) is anyone holding a scope they can grant in:
provincial staff review their province's officers and their provincial colleagues,
coordinators their region's officers, programme administrators the provincial staff,
coordinators, advisers and administrators."""

import datetime as dt
import zlib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, User
from accounts.rules import is_programme_admin, may_grant, province_ids, res_region_ids
from accounts.services import role_grant
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.services import email_queue, reply_to_person
from people.models import AccessRequest, AccessReview

K = Role.Kind
# Anyone may ask for these; programme administrators are only ever appointed.
REQUESTABLE_KINDS = [K.MUNICIPAL_OFFICER, K.PROVINCIAL_STAFF, K.REGIONAL_COORDINATOR, K.PROGRAMME_ADVISER]


def _scope_kwargs(kind: str, scope) -> dict:
    field = Role.SCOPE_FIELD[kind]
    return {field: scope} if field else {}


def _admins() -> QuerySet:
    return User.objects.filter(
        Q(is_superuser=True) | Q(pk__in=Role.objects.active().filter(kind=K.PROGRAMME_ADMIN).values("user_id")),
        is_active=True,
    ).distinct()


def request_approvers(access_request: AccessRequest) -> QuerySet:
    """Whom a new request is announced to (see the module docstring)."""
    if access_request.kind == K.MUNICIPAL_OFFICER:
        staff = User.objects.filter(
            is_active=True,
            pk__in=Role.objects.active()
            .filter(kind=K.PROVINCIAL_STAFF, province_id=access_request.municipality.province_id)
            .values("user_id"),
        )
        if staff.exists():
            return staff
    return _admins()


def _has_role(user: User, kind: str, scope) -> bool:
    return Role.objects.active().filter(user=user, kind=kind, **_scope_kwargs(kind, scope)).exists()


@transaction.atomic
def access_request_submit(
    *, full_name: str, email: str, kind: str, scope=None, organisation: str = "", reason: str, language: str = "nl"
) -> AccessRequest | None:
    """Store a request and tell its approvers; returns None when it was recognised instead: the
    address already holds the role (it gets a reminder how to log in) or already has the same
    request pending. The caller answers the same in every case (no user enumeration)."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email, is_active=True).first()
    if existing and _has_role(existing, kind, scope):
        _tell_existing(existing, kind, scope)
        return None
    kwargs = _scope_kwargs(kind, scope)
    _serialise_per_request(email, kind)
    duplicate = AccessRequest.objects.filter(
        email__iexact=email, kind=kind, status=AccessRequest.Status.PENDING, **kwargs
    ).exists()
    if duplicate:
        return None
    access_request = AccessRequest.objects.create(
        full_name=full_name,
        email=email,
        kind=kind,
        organisation=organisation,
        reason=reason,
        language=language,
        **kwargs,
    )
    audit_record(
        Action.ACCESS_REQUESTED,
        actor=None,
        obj=access_request,
        summary=access_request.role_label(),
        changes={"role": kind, "scope": str(scope or "")},
    )
    _notify_approvers(access_request)
    return access_request


def _serialise_per_request(email: str, kind: str) -> None:
    # Two submissions of the same request at once (a double click) must not both pass the
    # duplicate check: on PostgreSQL the check and the insert are serialised per address and
    # role; SQLite (the embedded default) serialises every write transaction anyway.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(f"access-request:{email}:{kind}".encode())])


def _tell_existing(existing: User, kind: str, scope) -> None:
    # Once a day per account and role: a repeated submission is no way to flood a mailbox.
    scope_id = getattr(scope, "pk", "")
    email_queue(
        key=f"people:access-request:existing:{existing.pk}:{kind}:{scope_id}:{timezone.localdate()}",
        to_email=existing.email,
        to_name=existing.full_name,
        template="people_access_request_existing",
        context={"name": existing.full_name, "role": str(Role(kind=kind, **_scope_kwargs(kind, scope)))},
        language=existing.language,
    )


def _notify_approvers(access_request: AccessRequest) -> None:
    for approver in request_approvers(access_request):
        email_queue(
            key=f"people:access-request:{access_request.pk}:approver:{approver.pk}",
            to_email=approver.email,
            to_name=approver.full_name,
            template="people_access_request_approver",
            context={"approver_name": approver.full_name, "request": access_request},
            language=approver.language,
        )


def visible_access_requests(user) -> QuerySet:
    """The queryset form of may_grant for requests: the ones USER may decide."""
    qs = AccessRequest.objects.select_related("municipality", "province", "res_region", "decided_by")
    if is_programme_admin(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    provinces, regions = province_ids(user), res_region_ids(user)
    return qs.filter(
        Q(kind=K.MUNICIPAL_OFFICER, municipality__province_id__in=provinces)
        | Q(kind=K.MUNICIPAL_OFFICER, municipality__res_region_id__in=regions)
        | Q(kind=K.PROVINCIAL_STAFF, province_id__in=provinces)
    )


def pending_access_requests(user) -> QuerySet:
    return visible_access_requests(user).filter(status=AccessRequest.Status.PENDING).order_by("created_at")


def get_access_request_for_user(user, pk: int) -> AccessRequest:
    """404 for an unknown request, 403 for one USER may not decide."""
    access_request = get_object_or_404(AccessRequest.objects.select_related("municipality"), pk=pk)
    if not may_grant(user, access_request.kind, access_request.scope):
        raise PermissionDenied
    return access_request


def _set_password_context(user: User) -> dict:
    return {"uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _approve(access_request: AccessRequest, *, by: User) -> None:
    user = User.objects.filter(email__iexact=access_request.email).first()
    new = user is None
    if new:
        # No usable password: the applicant chooses one through the mailed link, which is
        # Django's password-reset token (expires after PASSWORD_RESET_TIMEOUT, void once used).
        user = User.objects.create_user(
            access_request.email, password=None, full_name=access_request.full_name, language=access_request.language
        )
    if not user.is_active:
        # An account switched off before (its roles ended) comes back with the role approved now:
        # the approver decided it may have access, and a role on a dead account would open nothing.
        user.is_active = True
        user.save(update_fields=["is_active"])
    role_grant(user=user, kind=access_request.kind, scope=access_request.scope, by=by)
    access_request.user = user
    context = {"name": user.full_name, "request": access_request, "message": access_request.decision_message}
    if new or not user.has_usable_password():
        context.update(_set_password_context(user))
        template = "people_access_request_approved_new"
    else:
        template = "people_access_request_approved"
    email_queue(
        key=f"people:access-request:{access_request.pk}:approved",
        to_email=user.email,
        to_name=user.full_name,
        template=template,
        context=context,
        language=user.language,
        sensitive=template.endswith("_new"),
        reply_to=reply_to_person(by),
    )


@transaction.atomic
def access_request_decide(*, access_request_id: int, approve: bool, by: User, message: str = "") -> bool:
    """Approve or reject a pending request. Returns False when it had been decided already (a
    double click, or another approver first): the row is locked, so only one decision counts."""
    access_request = (
        AccessRequest.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=access_request_id)
    )
    if not may_grant(by, access_request.kind, access_request.scope):
        raise PermissionDenied
    if access_request.status != AccessRequest.Status.PENDING:
        return False
    access_request.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.REJECTED
    access_request.decided_at, access_request.decided_by = timezone.now(), by
    access_request.decision_message = message
    if approve:
        _approve(access_request, by=by)
    else:
        email_queue(
            key=f"people:access-request:{access_request.pk}:rejected",
            to_email=access_request.email,
            to_name=access_request.full_name,
            template="people_access_request_rejected",
            context={"name": access_request.full_name, "request": access_request, "message": message},
            language=access_request.language,
            reply_to=reply_to_person(by),
        )
    access_request.save(update_fields=["status", "decided_at", "decided_by", "decision_message", "user"])
    audit_record(
        Action.ACCESS_APPROVED if approve else Action.ACCESS_REJECTED,
        actor=by,
        obj=access_request,
        summary=access_request.role_label(),
        changes={"email": access_request.email, "message": message},
    )
    return True


# --- The yearly access review -------------------------------------------------------------
def reviewed_roles(reviewer: User, *, today: dt.date | None = None) -> QuerySet:
    """The roles in force that REVIEWER answers for (see the module docstring), not their own."""
    roles = Role.objects.active(today=today).exclude(user=reviewer).filter(user__is_active=True)
    if is_programme_admin(reviewer):
        scope = Q(kind__in=[K.PROVINCIAL_STAFF, K.REGIONAL_COORDINATOR, K.PROGRAMME_ADVISER, K.PROGRAMME_ADMIN])
    else:
        provinces, regions = province_ids(reviewer), res_region_ids(reviewer)
        scope = (
            Q(kind=K.MUNICIPAL_OFFICER, municipality__province_id__in=provinces)
            | Q(kind=K.MUNICIPAL_OFFICER, municipality__res_region_id__in=regions)
            | Q(kind=K.PROVINCIAL_STAFF, province_id__in=provinces)
        )
    return (
        roles.filter(scope)
        .select_related("user", "province", "municipality", "res_region", "granted_by")
        .order_by("kind", "province__name", "municipality__name", "res_region__name", "user__full_name")
    )


def review_approvers(*, today: dt.date | None = None) -> QuerySet:
    holders = Role.objects.active(today=today).filter(
        kind__in=[K.PROGRAMME_ADMIN, K.PROVINCIAL_STAFF, K.REGIONAL_COORDINATOR]
    )
    return User.objects.filter(Q(is_superuser=True) | Q(pk__in=holders.values("user_id")), is_active=True).distinct()


def access_reviews_send(*, today: dt.date | None = None) -> int:
    """In ACCESS_REVIEW_MONTH, send each approver with people in scope their review once a year.
    Returns how many were sent; AccessReview (reviewer, year) makes every later run a no-op."""
    today = today or timezone.localdate()
    if today.month != settings.ACCESS_REVIEW_MONTH:
        return 0
    sent = 0
    for reviewer in review_approvers(today=today):
        sent += _access_review_send(reviewer=reviewer, today=today)
    return sent


@transaction.atomic
def _access_review_send(*, reviewer: User, today: dt.date) -> bool:
    roles = list(reviewed_roles(reviewer, today=today))
    if not roles:
        return False
    review, created = AccessReview.objects.get_or_create(reviewer=reviewer, year=today.year)
    if not created:
        return False
    email_queue(
        key=f"people:access-review:{today.year}:{reviewer.pk}",
        to_email=reviewer.email,
        to_name=reviewer.full_name,
        template="people_access_review",
        context={"name": reviewer.full_name, "year": today.year, "roles": roles},
        language=reviewer.language,
    )
    audit_record(
        Action.ACCESS_REVIEW_SENT,
        actor=None,
        obj=reviewer,
        summary=str(today.year),
        changes={"year": today.year, "roles": len(roles)},
    )
    return True


def current_review(reviewer: User, *, today: dt.date | None = None) -> AccessReview | None:
    year = (today or timezone.localdate()).year
    return AccessReview.objects.filter(reviewer=reviewer, year=year).first()


@transaction.atomic
def access_review_confirm(*, reviewer: User, today: dt.date | None = None) -> AccessReview:
    """REVIEWER confirms this year's list (also without the email: the page is always there)."""
    year = (today or timezone.localdate()).year
    review, _ = AccessReview.objects.select_for_update().get_or_create(reviewer=reviewer, year=year)
    if review.confirmed_at is None:
        review.confirmed_at = timezone.now()
        review.save(update_fields=["confirmed_at"])
        audit_record(
            Action.ACCESS_REVIEWED,
            actor=reviewer,
            obj=reviewer,
            summary=str(year),
            changes={"year": year, "roles": reviewed_roles(reviewer).count()},
        )
    return review


def get_reviewed_role_for_user(user, pk: int) -> Role:
    """A role on USER's review list that they may end: 404 otherwise (it is not on their list)."""
    role = get_object_or_404(reviewed_roles(user), pk=pk)
    if not may_grant(user, role.kind, role.scope):
        raise PermissionDenied
    return role
