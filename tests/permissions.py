"""The permission matrix: for every URL pattern, which roles get through.

Each capability lists its URLs in `<app>/tests/permission_matrix.py` as `CASES`; the foundation's
are below. tests/test_permissions.py walks every case with every role, and fails for any URL
pattern that has no case, so a new view cannot ship without saying who may use it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ALL_ROLES = frozenset(
    {
        "anonymous",
        "programme_admin",
        "adviser",
        "staff_drenthe",
        "staff_nh",
        "officer_assen",
        "officer_zaanstad",
        "coordinator_drenthe",
    }
)
LOGGED_IN = ALL_ROLES - {"anonymous"}


@dataclass(frozen=True)
class Partial:
    """An htmx variant of a URL that renders only part of a page: a `?deel=` query and/or the
    HX-Target it answers. It is a view of its own, so it is walked with every role too, with
    its own allowed set when the partial shows more than the page does to some roles."""

    query: str = ""
    target: str = ""
    allowed: frozenset[str] | None = None

    @property
    def id(self) -> str:
        return "htmx:" + "&".join(p for p in (self.query, self.target and f"target={self.target}") if p)


@dataclass(frozen=True)
class Case:
    url_name: str
    allowed: frozenset[str]
    # world -> URL kwargs; create whatever objects the URL needs here.
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    # world -> POST data (for allowed roles a valid or invalid form both count as "allowed").
    data: Callable = field(default=lambda world: {})
    # Some URLs answer 404 rather than 403 to hide that an object exists: both count as denied.
    label: str = ""
    # Every case is also walked as a plain htmx request (HX-Request: true); these are the
    # partials it renders besides.
    partials: tuple[Partial, ...] = ()

    @property
    def id(self) -> str:
        return self.label or f"{self.url_name}:{self.method}"


def _contact(world):
    from tests.factories import ContactFactory

    return {"pk": ContactFactory().pk}


def _organisation(world):
    from tests.factories import OrganisationFactory

    return {"pk": OrganisationFactory().pk}


def _email(world):
    from heatportal.mail.models import Email

    email = Email.objects.create(
        key="perm-test", to_email="x@example.org", subject="Test", body_text="x", status=Email.Status.FAILED
    )
    return {"pk": email.pk}


ADMIN = frozenset({"programme_admin"})
DIRECTORY = frozenset({"programme_admin", "adviser", "staff_drenthe", "staff_nh"})

CASES = [
    Case("home", ALL_ROLES),
    Case("healthz", ALL_ROLES),
    Case("healthz_live", ALL_ROLES),
    Case("set_language", ALL_ROLES, method="post", data=lambda w: {"language": "en", "next": "/"}),
    Case("accounts:login", ALL_ROLES),
    Case("accounts:logout", ALL_ROLES, method="post"),
    Case("accounts:profile", LOGGED_IN),
    Case("accounts:password_reset", ALL_ROLES),
    Case("accounts:password_reset_done", ALL_ROLES),
    Case("accounts:password_reset_confirm", ALL_ROLES, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    Case("accounts:password_reset_complete", ALL_ROLES),
    Case("municipalities:list", ALL_ROLES),
    Case("municipalities:detail", ALL_ROLES, kwargs=lambda w: {"cbs_code": "GM0106"}),
    Case("municipalities:organisations", DIRECTORY),
    Case("municipalities:organisation_create", ADMIN),
    Case("municipalities:organisation_edit", ADMIN, kwargs=_organisation),
    Case("municipalities:contacts", ADMIN),
    Case("municipalities:contact_create", ADMIN),
    Case("municipalities:contact_edit", ADMIN, kwargs=_contact),
    Case("municipalities:contact_export", ADMIN, kwargs=_contact),
    Case("municipalities:contact_erase", ADMIN, kwargs=_contact),
    Case("municipalities:contact_erase", ADMIN, kwargs=_contact, method="post", label="contact_erase:post"),
    Case("mail:outbox", ADMIN, partials=(Partial(query="status=failed&reeks=session-1-invitations&q=a&pagina=2"),)),
    Case("mail:detail", ADMIN, kwargs=_email),
    Case("mail:html", ADMIN, kwargs=_email),
    Case("mail:retry", ADMIN, kwargs=_email, method="post"),
    Case("retention_preview", ADMIN),
    Case("retention_apply", ADMIN, method="post"),
    Case("privacy", ALL_ROLES),
    Case("accessibility", ALL_ROLES),
]
