"""Forms of a session's terugblik: its summary, and a photo with its description."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalForm, PortalModelForm, required_when
from heatportal.uploads import PHOTOS, UploadRefused, upload_check
from outcomes.models import ReviewPhoto, SessionReview
from outcomes.services_review import PHOTO_MAX_BYTES


class ReviewForm(PortalModelForm):
    class Meta:
        model = SessionReview
        fields = ["summary"]
        labels = {"summary": _("Terugblik")}
        help_texts = {"summary": _("Een korte samenvatting voor de sessiepagina: wat er besproken en afgesproken is.")}
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required_when(self, ["summary"], _("nodig om te publiceren"))


class PhotoForm(PortalForm):
    image = forms.FileField(
        label=_("Foto"),
        help_text=_("Jpg, png of webp, tot 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp"}),
    )
    alt_text = forms.CharField(
        label=_("Beschrijving van de foto"),
        max_length=ReviewPhoto._meta.get_field("alt_text").max_length,
        help_text=_("Wat staat er op de foto? Voor wie hem niet kan zien."),
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        try:
            upload_check(upload, allowed=PHOTOS, max_bytes=PHOTO_MAX_BYTES)
        except UploadRefused as refusal:
            raise ValidationError(str(refusal)) from refusal
        return upload
