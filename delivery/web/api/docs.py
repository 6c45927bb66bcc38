"""The API's description as a page people read and try out: Swagger UI, beside the JSON.

Swagger UI's built files come from the flask-swagger-ui package, which tracks Swagger UI's
releases. The package's own page starts Swagger UI with an inline script, which a
Content-Security-Policy without inline script blocks; so only its files are served here, and
our page starts them from a static script of its own.
"""

from importlib.resources import files

from flask import Blueprint, render_template

from delivery.web.api import blueprint

swagger_ui_files = Blueprint(
    "swagger_ui",
    __name__,
    static_folder=str(files("flask_swagger_ui").joinpath("dist")),
    static_url_path="/assets",
)
blueprint.register_blueprint(swagger_ui_files, url_prefix="/docs")


@blueprint.get("/docs")
def docs_page():
    return render_template("api/docs.html")
