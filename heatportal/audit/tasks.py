from celery import shared_task

from heatportal.audit.services import audit_purge


@shared_task(ignore_result=True)
def purge_old_actions() -> int:
    return audit_purge()
