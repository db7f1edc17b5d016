"""What a lab keeps for its members: attendance at its meetings and its materials (links and
documents). Members see both; organisers record attendance and add or remove materials.
Documents are sent only through `material_download`, which checks the rule first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labs import selectors
from labs.forms import AttendanceForm, MaterialForm
from labs.rules import get_lab_for_user, get_material_for_user, get_meeting_for_user
from labs.services import materials, meetings
from labs.services.errors import LabError


# --- Attendance -----------------------------------------------------------------------------
@login_required
@require_GET
def attendance(request, pk):
    """Who was present at each meeting so far: per meeting and per municipality."""
    lab = get_lab_for_user(request.user, pk, action="room")
    context = {
        "lab": lab,
        "can_manage": request.user.has_perm("labs.manage_lab", lab),
        **selectors.lab_attendance(lab=lab, today=timezone.localdate()),
    }
    return render(request, "labs/attendance.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, pk):
    """Organisers tick the municipalities present at one meeting."""
    meeting = get_meeting_for_user(request.user, pk, action="change")
    enrolments = selectors.attendance_enrolments(lab=meeting.lab)
    initial = {"present": list(meeting.attendances.values_list("enrolment_id", flat=True))}
    form = AttendanceForm(request.POST if request.method == "POST" else None, enrolments=enrolments, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            meetings.meeting_attendance_set(meeting=meeting, enrolments=form.cleaned_data["present"], user=request.user)
        except LabError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, _("De aanwezigheid bij %(topic)s is opgeslagen.") % {"topic": meeting.topic})
            return redirect("labs:attendance", pk=meeting.lab_id)
    context = {"meeting": meeting, "lab": meeting.lab, "form": form}
    return render(request, "labs/meeting_attendance.html", context, status=status)


# --- Materials ------------------------------------------------------------------------------
def _materials_page(request, lab, *, form=None, status=200):
    can_manage = request.user.has_perm("labs.manage_lab", lab)
    context = {
        "lab": lab,
        "materials": selectors.lab_materials(lab=lab),
        "can_manage": can_manage,
        "form": (form or MaterialForm()) if can_manage else None,
    }
    return render(request, "labs/materials.html", context, status=status)


@login_required
@require_GET
def materials_list(request, pk):
    lab = get_lab_for_user(request.user, pk, action="room")
    return _materials_page(request, lab)


@login_required
@require_POST
def material_add(request, pk):
    lab = get_lab_for_user(request.user, pk, action="manage")
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _materials_page(request, lab, form=form)
    data = form.cleaned_data
    try:
        material = materials.material_add(
            lab=lab, user=request.user, title=data["title"], url=data["url"], upload=data["file"]
        )
    except LabError as exc:
        form.add_error(None, exc.message)
        return _materials_page(request, lab, form=form, status=exc.status)
    messages.success(request, _("%(title)s is toegevoegd.") % {"title": material.title})
    return redirect("labs:materials", pk=lab.pk)


@login_required
@require_POST
def material_delete(request, pk):
    material = get_material_for_user(request.user, pk, action="change")
    materials.material_remove(material=material, user=request.user)
    messages.success(request, _("%(title)s is verwijderd.") % {"title": material.title})
    return redirect("labs:materials", pk=material.lab_id)


@login_required
@require_GET
def material_download(request, pk):
    """The document, for members only, as an attachment (never shown inline from our origin)."""
    material = get_material_for_user(request.user, pk, action="view")
    if not material.file:
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=material.filename or material.file.name, content_type=material.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
