"""The Flask web app: ``create_app`` builds it from Settings; nothing happens at import time."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Flask


def create_app(settings=None, **overrides: Any) -> Flask:
    """Build the app over one archive: one store and one search service per process.

    ``settings`` is a ``webapp.context.Settings`` (default: from the environment);
    ``overrides`` replace its fields (``archive=``, ``backend=``, ``es_url=``) or set
    Flask config keys (any upper-case name, e.g. ``TESTING=True``).
    """
    from webapp import api, auth, citing, errors, limits, origin, security, views
    from webapp.context import Settings
    from webapp.services import Services

    settings = settings or Settings()
    fields = {k: v for k, v in overrides.items() if k in Settings.__dataclass_fields__}
    if fields:
        settings = replace(settings, **fields)
    app = Flask(__name__)
    app.config.update({k: v for k, v in overrides.items() if k.isupper()})
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["oral_archive"] = Services(settings)
    security.install(app)
    origin.install(app, settings)
    limits.install(app)

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(citing.bp)  # /documents/<id>/cite, /api/cite, /bibliography
    app.register_blueprint(auth.bp)  # /login, /logout, the viewer and CSRF checks
    errors.install(app)
    return app

