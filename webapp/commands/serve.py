"""``serve``: the web app under waitress, a production WSGI server (never Flask's debug server)."""

from __future__ import annotations

import click

from webapp.cli import main
from webapp.context import Context


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Requests served at once.")
@click.pass_obj
def serve(ctx: Context, host: str, port: int, threads: int) -> None:
    """The web app: search, read and cite in the browser, and the JSON API."""
    import waitress

    from webapp import create_app

    app = create_app(ctx.settings)
    click.echo(f"serving {ctx.settings.archive} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="oral-archive")
    finally:
        app.extensions["oral_archive"].close()
