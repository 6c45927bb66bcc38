"""Recording documents by hand and importing the office's CSV export."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from delivery.core.database import db
from delivery.core.errors import DomainError
from delivery.intake.csv_file import read_document_rows, upload_name
from delivery.intake.fields import CSV_COLUMNS
from delivery.intake.operations import ImportMode, import_documents, record_typed_document
from delivery.intake.queries import office_import_report_or_404
from delivery.models import DocumentType
from delivery.web.staff import blueprint


@blueprint.route("/documents/new", methods=["GET", "POST"])
def new_document():
    values = {column: request.form.get(column, "") for column in CSV_COLUMNS}
    errors = {}
    if request.method == "POST":
        errors = record_typed_document(current_user.office, values, current_user)
        if not errors:
            flash(
                ngettext("%(num)d document recorded.", "%(num)d documents recorded.", 1), "success"
            )
            return redirect(url_for("staff.new_document"))
    status = 422 if errors else 200
    return render_template(
        "staff/new_document.html",
        values=values,
        errors=errors,
        columns=CSV_COLUMNS,
        types=list(DocumentType),
    ), status


@blueprint.route("/documents/import", methods=["GET", "POST"])
def import_csv():
    if request.method == "GET":
        return render_template("staff/import.html", result=None, columns=CSV_COLUMNS)
    upload = request.files.get("file")
    try:
        mode = ImportMode(request.form.get("mode", ImportMode.ALL_OR_NOTHING))
    except ValueError:
        mode = ImportMode.ALL_OR_NOTHING
    if upload is None or not upload.filename:
        return import_failed(DomainError(no_file_message(), field="file"))
    try:
        result = import_documents(
            current_user.office,
            read_document_rows(upload.stream),
            mode,
            current_user,
            upload_name(upload.filename),
        )
    except DomainError as error:
        db.session.rollback()
        return import_failed(error)
    status = 422 if result.refused_everything else 200
    return render_template("staff/import.html", result=result, columns=CSV_COLUMNS), status


def no_file_message() -> str:
    return _("Choose a CSV file to upload.")


def import_failed(error: DomainError):
    return render_template(
        "staff/import.html", result=None, columns=CSV_COLUMNS, file_error=error.message
    ), error.status


@blueprint.get("/import-reports/<int:report_id>.csv")
def import_report(report_id: int):
    report = office_import_report_or_404(current_user.office_id, report_id)
    return Response(
        report.content,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="rejected-rows-{report.id}.csv"'},
    )
