import re

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from heatportal.mail.models import Email
from heatportal.modules import optional_app_module

# Order matters: accounts need municipalities, sessions and labs need accounts and contacts;
# progress (on top of them all) comes last.
DEMO_APPS = ["municipalities", "accounts", "sessions", "labs", "outcomes", "progress"]
# The address of a development server on this machine (what `make run` serves, any port).
LOCAL_HOSTS = ["127.0.0.1", "localhost", "0.0.0.0", "[::1]"]  # noqa: S104 (text to find, not an address to bind)
LOCAL_ORIGIN = re.compile(rf"http://(?:{'|'.join(map(re.escape, LOCAL_HOSTS))})(?::\d+)?(?![\w.:-])")


class Command(BaseCommand):
    help = "Create demo accounts and data for every capability (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        for app in DEMO_APPS:
            if module := optional_app_module(app, "demo"):
                self.stdout.write(f"demo {app}: {module.seed()}")
        if moved := outbox_links_follow_site_url():
            self.stdout.write(f"demo mail: links in {moved} messages now point at {settings.SITE_URL}")


def outbox_links_follow_site_url() -> int:
    """Point the outbox's links at a local server to SITE_URL. The demo's messages are rendered
    once, by the first seed: without this, `make run PORT=8101` after a run on 8000 (same
    database) would list and send mails whose links lead to the old port."""
    site = settings.SITE_URL
    moved = 0
    local = Q()
    for host in LOCAL_HOSTS:
        local |= Q(body_text__contains=f"http://{host}") | Q(body_html__contains=f"http://{host}")
    for email in Email.objects.filter(local).only("body_text", "body_html"):
        text, html = LOCAL_ORIGIN.sub(site, email.body_text), LOCAL_ORIGIN.sub(site, email.body_html)
        if (text, html) != (email.body_text, email.body_html):
            email.body_text, email.body_html = text, html
            email.save(update_fields=["body_text", "body_html"])
            moved += 1
    return moved
