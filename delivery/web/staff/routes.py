"""The staff home: the office's dashboard."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from redis.exceptions import RedisError
from rq.exceptions import InvalidJobOperation, NoSuchJobError

from delivery.core.errors import NotAllowed, NotFound, ServiceUnavailable
from delivery.core.jobs.queue import failed_jobs, retry_failed_job
from delivery.dashboard import local_day_start, office_dashboard
from delivery.doorstep.fees import fees_received
from delivery.models import Role
from delivery.offices.words import rupiah
from delivery.web.staff import blueprint


@blueprint.get("/")
def home():
    figures = office_dashboard(current_user.office)
    return render_template(
        "staff/home.html",
        figures=figures,
        failed_jobs=failed_jobs() if current_user.role == Role.ADMIN else [],
        fees=fees_received(
            current_user.office, local_day_start(current_user.office, figures.days[0].day)
        ),
        rupiah=rupiah,
    )


@blueprint.post("/jobs/<job_id>/retry")
def retry_job(job_id: str):
    if current_user.role != Role.ADMIN:
        raise NotAllowed(_("Only an administrator can retry queue jobs."))
    try:
        retry_failed_job(job_id)
    except (NoSuchJobError, InvalidJobOperation):
        raise NotFound(_("This job is no longer among the failed jobs."), field="job_id") from None
    except RedisError:
        raise ServiceUnavailable(
            _("The job queue cannot be reached right now. Try again in a minute."), field="job_id"
        ) from None
    flash(_("The job is queued again."), "success")
    return redirect(url_for("staff.home"))
