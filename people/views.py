"""people's views: people pages and invitations (section 1); access requests and reviews (section 2)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role, User
from heatportal.permissions import require_perm
from municipalities.models import Municipality, Province, ResRegion
from people import selectors, services
from people.forms import InvitationAcceptForm, InvitationForm, RoleEndForm, role_choice_value
from people.rules import get_invitation_for_user, get_role_for_user, scope_kind

# --- People pages, invitations, ending roles -----------------------------------------------


KIND_PLURALS = {
    Role.Kind.MUNICIPAL_OFFICER: _lazy("Gemeenteambtenaren"),
    Role.Kind.PROVINCIAL_STAFF: _lazy("Provinciemedewerkers"),
    Role.Kind.REGIONAL_COORDINATOR: _lazy("Regiocoördinatoren"),
}


def _scope_url(scope) -> str:
    if isinstance(scope, Municipality):
        return reverse("people:municipality", kwargs={"cbs_code": scope.cbs_code})
    if isinstance(scope, Province):
        return reverse("people:province", kwargs={"code": scope.code})
    if isinstance(scope, ResRegion):
        return reverse("people:region", kwargs={"code": scope.code})
    return reverse("people:index")


@login_required
def people_index(request):
    require_perm(request.user, "people.view_people_pages")
    context = selectors.people_scopes_for_user(request.user)
    if context["programme"]:
        context["programme_roles"] = selectors.scope_roles(None)
        context["programme_invitations"] = selectors.scope_invitations(None)
        context["can_manage_programme"] = request.user.has_perm("people.manage_people_programme")
    context["can_invite"] = request.user.has_perm("people.invite")
    return render(request, "people/index.html", context)


def _scope_page(request, scope, *, children=None):
    require_perm(request.user, "people.view_people", scope)
    can_manage = request.user.has_perm("people.manage_people", scope)
    context = {
        "scope": scope,
        "kind_label": Role.Kind(scope_kind(scope)).label,
        "kind_plural": KIND_PLURALS[scope_kind(scope)],
        "roles": selectors.scope_roles(scope),
        "invitations": selectors.scope_invitations(scope) if can_manage else [],
        "can_manage": can_manage,
        "invite_url": reverse("people:invite") + "?" + urlencode({"rol": role_choice_value(scope_kind(scope), scope)}),
        "children": children,
        "today": timezone.localdate(),
    }
    return render(request, "people/scope.html", context)


@login_required
def municipality_people(request, cbs_code):
    municipality = get_object_or_404(Municipality.objects.select_related("province", "res_region"), cbs_code=cbs_code)
    return _scope_page(request, municipality)


@login_required
def province_people(request, code):
    province = get_object_or_404(Province, code=code)
    return _scope_page(request, province, children=selectors.municipalities_with_officer_counts(province=province))


@login_required
def region_people(request, code):
    region = get_object_or_404(ResRegion, code=code)
    return _scope_page(request, region, children=selectors.municipalities_with_officer_counts(res_region=region))


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    require_perm(request.user, "people.invite")
    if request.method == "POST":
        form = InvitationForm(request.POST, user=request.user)
        if form.is_valid():
            kind, scope = form.cleaned_data["role"]
            invitation, resent = services.invitation_send(
                by=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                kind=kind,
                scope=scope,
                ends_on=form.cleaned_data["ends_on"],
                message=form.cleaned_data["message"],
            )
            if invitation.status == invitation.Status.ACCEPTED:
                messages.success(
                    request,
                    _("%(email)s heeft al een account en heeft de rol nu; er is een e-mail over verstuurd.")
                    % {"email": invitation.email},
                )
            elif resent:
                messages.info(
                    request,
                    _("%(email)s had al een openstaande uitnodiging voor deze rol; die is opnieuw verstuurd.")
                    % {"email": invitation.email},
                )
            else:
                messages.success(request, _("De uitnodiging aan %(email)s is verstuurd.") % {"email": invitation.email})
            return redirect(_scope_url(scope))
    else:
        form = InvitationForm(user=request.user, initial={"role": request.GET.get("rol", "")[:40]})
    return render(request, "people/invite.html", {"form": form})


def _pending_invitation_action(request, pk, action, done: str):
    """Resend or withdraw a pending invitation the user may manage; DONE names what happened."""
    invitation = get_invitation_for_user(request.user, pk)
    try:
        action(invitation=invitation, by=request.user)
    except services.InvitationError:
        messages.error(request, _("Deze uitnodiging staat niet meer open."))
    else:
        messages.success(request, done % {"email": invitation.email})
    return redirect(_scope_url(invitation.scope))


@login_required
@require_POST
def invitation_resend(request, pk):
    done = _("De uitnodiging aan %(email)s is opnieuw verstuurd.")
    return _pending_invitation_action(request, pk, services.invitation_resend, done)


@login_required
@require_POST
def invitation_withdraw(request, pk):
    done = _("De uitnodiging aan %(email)s is ingetrokken.")
    return _pending_invitation_action(request, pk, services.invitation_withdraw, done)


@login_required
@require_http_methods(["GET", "POST"])
def role_end(request, pk):
    role = get_role_for_user(request.user, pk)
    if not role.is_active():
        raise Http404
    if request.method == "POST":
        form = RoleEndForm(request.POST)
        if form.is_valid():
            services.role_end_date_set(role=role, by=request.user, ends_on=form.cleaned_data["ends_on"])
            if form.cleaned_data["ends_on"] == timezone.localdate():
                text = _("%(name)s heeft de rol %(role)s niet meer.")
            else:
                text = _("De rol %(role)s van %(name)s stopt op %(date)s.")
            messages.success(
                request,
                text
                % {
                    "name": role.user.full_name or role.user.email,
                    "role": role.get_kind_display(),
                    "date": form.cleaned_data["ends_on"].strftime("%d-%m-%Y"),
                },
            )
            return redirect(_scope_url(role.scope))
    else:
        form = RoleEndForm(initial={"ends_on": role.ends_on or timezone.localdate()})
    return render(request, "people/role_end.html", {"form": form, "role": role, "back_url": _scope_url(role.scope)})


def invitation_link(request, token):
    """The page behind the link in an invitation: accept with the invited account, or create it."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(request, "people/invitation_link.html", {"error": error.message}, status=error.status)
    account = User.objects.filter(email__iexact=invitation.email).first()
    user = request.user
    context = {"invitation": invitation, "account": account, "oidc": settings.OIDC_ENABLED}
    if request.method == "POST" and request.POST.get("action") == "oidc" and settings.OIDC_ENABLED:
        # The OIDC backend creates an account only for a verified address equal to this one.
        request.session["oidc_invitation_email"] = invitation.email
        return redirect(reverse("oidc_authentication_init") + "?" + urlencode({"next": request.path}))
    if user.is_authenticated:
        if user.email.casefold() != invitation.email.casefold():
            context["wrong_account"] = True
            return render(request, "people/invitation_link.html", context)
        # The invited account itself is here (after logging in, or back from the organisation
        # login): opening the link is accepting it.
        services.invitation_accept(invitation=invitation, user=user)
        messages.success(request, _("Welkom! U heeft nu de rol %(role)s.") % {"role": invitation.role_label()})
        return redirect("home")
    if account is not None:
        context["login_url"] = reverse("accounts:login") + "?" + urlencode({"next": request.path})
        return render(request, "people/invitation_link.html", context)
    form = InvitationAcceptForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept_with_new_account(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except PermissionDenied:
            return redirect(request.path)
        except services.InvitationError as error:
            return render(request, "people/invitation_link.html", {"error": error.message}, status=error.status)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welkom! Uw account is aangemaakt en u heeft nu de rol %(role)s.") % {"role": invitation.role_label()},
        )
        return redirect("home")
    context["form"] = form
    return render(request, "people/invitation_link.html", context)


# --- Access requests and access reviews ----------------------------------------------------
