from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from heatportal import retention_views, views

# The admin refuses a staff member whose session has not passed the second factor.
admin.site.__class__ = OTPAdminSite
# Its login stays the password step alone: SecondFactorMiddleware then sends staff to the portal's
# own second step (enrolment or code), the same as after the portal login.
admin.site.login_form = None
admin.site.login_template = None

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz_live"),
    path("account/", include("accounts.urls")),
    path("account/tweede-factor/", include("accounts.otp_urls")),
    # Organisation login (OpenID Connect): /oidc/authenticate/, callback/, logout/; 404 unless configured.
    path("oidc/", include("accounts.oidc_urls")),
    # Progress first: its "voortgang/..." must not be taken for a municipality's "<cbs_code>/".
    path("gemeenten/", include("progress.urls")),
    path("gemeenten/", include("municipalities.urls")),
    path("sessies/", include("sessions.urls")),
    path("leerlabs/", include("labs.urls")),
    # What sessions produced (/sessies/<pk>/opbrengst/...) and the owners' action links.
    path("", include("outcomes.urls")),
    path("open-data/", include("progress.open_data_urls")),
    path("mensen/", include("people.urls")),
    path("beheer/e-mail/", include("heatportal.mail.urls")),
    path("beheer/audit/", include("heatportal.audit.urls")),
    path("beheer/bewaartermijnen/", retention_views.preview, name="retention_preview"),
    path("beheer/bewaartermijnen/toepassen/", retention_views.apply, name="retention_apply"),
    path("privacy/", retention_views.privacy, name="privacy"),
    path("toegankelijkheid/", retention_views.accessibility, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before admin.site.urls: the admin login gets the portal login's per-address limit (django-axes
    # guards both through the authentication backend).
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
]

handler403 = "heatportal.views.permission_denied"
handler404 = "heatportal.views.page_not_found"
# handler500 stays Django's: it renders templates/500.html without a request context, which
# is what still works when the database or a context processor is the thing that failed.
