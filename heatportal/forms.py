from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Django's accessible form markup (aria-describedby, aria-invalid) in NL Design System dress."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
