"""The office's monthly figures for scripts: JSON, CSV or the head of office's PDF."""

from flask import g, request

from delivery.reports.figures import FIGURE_NAMES, REASON_KEYS
from delivery.reports.periods import MONTH_PATTERN, Month
from delivery.reports.queries import monthly_report
from delivery.web.api import blueprint
from delivery.web.api.auth import token_required
from delivery.web.api.documents import STAFF_ROLES
from delivery.web.api.openapi_schemas import answer_spec, objects, operation
from delivery.web.report_files import ReportFormat, read_report_format, report_response


@blueprint.get("/reports/monthly")
@token_required(*STAFF_ROLES)
def monthly():
    month = Month.parse(request.args.get("month"))
    wanted = read_report_format(request.args.get("format"), ReportFormat.JSON)
    return report_response(monthly_report(g.api_user.office, month), wanted)


COUNT = {"type": "integer", "minimum": 0}
NUMBER_OR_NONE = {"type": "number", "nullable": True}
FIGURE_SCHEMAS = dict.fromkeys(FIGURE_NAMES, COUNT) | {
    "first_attempt_success_rate": NUMBER_OR_NONE | {"description": "percent"},
    "median_days_to_door": NUMBER_OR_NONE,
    "p90_days_to_door": NUMBER_OR_NONE,
    "fees_collected": COUNT | {"nullable": True, "description": "rupiah; null without a fee"},
}
AREA = objects(
    ["district", "village", *FIGURE_NAMES, "failure_reasons"],
    {
        "district": {"type": "string", "nullable": True},
        "village": {"type": "string", "nullable": True},
        "failure_reasons": objects(REASON_KEYS, dict.fromkeys(REASON_KEYS, COUNT)),
    }
    | FIGURE_SCHEMAS,
)
MONTHLY_REPORT = objects(
    ["office", "month", "time_zone", "service_level_days", "charges_fee", "total"]
    + ["generated_at", "districts", "villages"],
    {
        "office": objects(
            ["code", "name"], {"code": {"type": "string"}, "name": {"type": "string"}}
        ),
        "month": {"type": "string", "example": "2026-03"},
        "time_zone": {"type": "string", "example": "Asia/Jakarta"},
        "service_level_days": COUNT,
        "charges_fee": {"type": "boolean"},
        "generated_at": {"type": "string", "format": "date-time"},
        "total": AREA,
        "districts": {"type": "array", "items": AREA},
        "villages": {"type": "array", "items": AREA},
    },
)
OPENAPI_PATHS = {
    "/api/v1/reports/monthly": {
        "get": operation(
            "The office's figures for a month on its own clocks, for the office, each district "
            "and each village: JSON, CSV (the same figures, one row per area) or a PDF for the "
            "head of office",
            {
                "200": {
                    "description": "The report",
                    "content": answer_spec("", MONTHLY_REPORT)["content"]
                    | {"text/csv": {}, "application/pdf": {}},
                }
            },
            parameters=[
                {
                    "name": "month",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "pattern": MONTH_PATTERN, "example": "2026-03"},
                },
                {
                    "name": "format",
                    "in": "query",
                    "schema": {
                        "type": "string",
                        "enum": [kind.value for kind in ReportFormat],
                        "default": "json",
                    },
                },
            ],
        )
    }
}
