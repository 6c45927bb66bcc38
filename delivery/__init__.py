"""Antar: the delivery tracker for population documents."""

import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from delivery.core.json_provider import OrjsonProvider
from delivery.core.settings import (
    apply_derived_settings,
    check_production_settings,
    default_settings,
)
from delivery.web.sessions import PageSessionInterface


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then ANTAR_* environment variables, then the given overrides."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="web/templates",
        static_folder="web/static",
    )
    app.json = OrjsonProvider(app)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(default_settings(app.instance_path))
    app.config.from_prefixed_env("ANTAR")
    app.config.from_mapping(config or {})
    apply_derived_settings(app)
    check_production_settings(app)

    if app.config["PROXY_HOPS"]:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.session_interface = PageSessionInterface()
    register_extensions(app)
    register_background_work()
    register_blueprints(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions to this app."""
    from delivery import models  # noqa: F401  (registers the tables)
    from delivery.core import i18n, replica
    from delivery.core.extensions import babel, csrf, db, limiter, login_manager, migrate
    from delivery.core.log_privacy import install_population_number_filter
    from delivery.web import security_headers, templating
    from delivery.web.auth import load_user_from_session

    db.init_app(app)
    replica.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(load_user_from_session)
    i18n.init_app(app)
    templating.init_app(app)
    security_headers.init_app(app)
    install_population_number_filter()


def register_background_work() -> None:
    """Let the features register their jobs and subscribe to the parcel lifecycle, and hand the
    outbox's work to the queue whenever a transaction that added some commits."""
    from delivery.core.jobs import outbox
    from delivery.dispatch import tasks as dispatch_tasks  # noqa: F401  (registers its jobs)
    from delivery.instructions import tasks as instruction_tasks  # noqa: F401  (and its)
    from delivery.notifications import tasks as message_tasks  # noqa: F401  (and subscribes)
    from delivery.privacy import tasks as privacy_tasks  # noqa: F401  (registers its sweep)
    from delivery.reports import tasks as report_tasks  # noqa: F401  (its offices' months)
    from delivery.status_counts import tasks as count_tasks  # noqa: F401  (and its merge)

    outbox.install_hand_out_after_commit()


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per actor, and sign-in."""
    from delivery.core.extensions import csrf
    from delivery.web.admin import blueprint as admin
    from delivery.web.api import blueprint as api
    from delivery.web.api.tracking import blueprint as resident_api
    from delivery.web.auth import blueprint as auth
    from delivery.web.courier import blueprint as courier
    from delivery.web.errors import register_error_answers
    from delivery.web.privacy import blueprint as privacy
    from delivery.web.public import blueprint as public
    from delivery.web.public.help import blueprint as resident_help
    from delivery.web.public.lookup import blueprint as lookup
    from delivery.web.request_input import register_input_checks
    from delivery.web.staff import blueprint as staff
    from delivery.web.supervisor import blueprint as supervisor

    app.register_blueprint(public)
    app.register_blueprint(lookup)
    app.register_blueprint(resident_help)
    app.register_blueprint(auth)
    app.register_blueprint(staff, url_prefix="/staff")
    app.register_blueprint(courier, url_prefix="/courier")
    app.register_blueprint(supervisor, url_prefix="/supervisor")
    app.register_blueprint(privacy, url_prefix="/admin/privacy")
    app.register_blueprint(admin, url_prefix="/admin")
    app.register_blueprint(api, url_prefix="/api/v1")
    app.register_blueprint(resident_api, url_prefix="/api/v1")
    csrf.exempt(api)
    csrf.exempt(resident_api)
    register_error_answers(app)
    register_input_checks(app)


def register_commands(app: Flask) -> None:
    """Add the admin commands to `flask --app wsgi …`."""
    from delivery.cli import demo_commands, job_commands, token_commands, user_commands
    from delivery.offices.commands import office_commands
    from delivery.regions.cli import region_commands

    app.cli.add_command(office_commands)
    app.cli.add_command(job_commands)
    app.cli.add_command(user_commands)
    app.cli.add_command(token_commands)
    app.cli.add_command(demo_commands)
    app.cli.add_command(region_commands)
