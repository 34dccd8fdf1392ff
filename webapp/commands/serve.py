"""``serve``: the web app under gunicorn (``webapp.server``), never Flask's debug server."""

from __future__ import annotations

import os
from dataclasses import replace

import click

from webapp.cli import main
from webapp.context import Context
from webapp.server import Options, Server


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; also a host name the app answers to.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Requests served at once by each worker process.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes sharing the port (default: one per core).")
@click.pass_obj
def serve(ctx: Context, host: str, port: int, threads: int, workers: int | None) -> None:
    """The web app: search, read and cite in the browser, and the JSON API."""
    workers = workers or os.cpu_count() or 1
    settings = replace(ctx.settings, trusted_hosts=[*ctx.settings.trusted_hosts, host])
    ctx.store  # noqa: B018  (migrate the archive once, before the workers open it)
    ctx.close()
    click.echo(f"serving {settings.archive} on http://{Options(host, port).bind}/ with {workers} "
               f"worker(s) (Ctrl-C stops)", err=True)
    if host in ("0.0.0.0", "::") and not (settings.base_url or ctx.settings.trusted_hosts):
        click.echo("note: only localhost names are answered (others get 400); set ORAL_ARCHIVE_BASE_URL "
                   "or ORAL_ARCHIVE_TRUSTED_HOSTS to the public name", err=True)
    Server(settings, Options(host=host, port=port, workers=workers, threads=threads)).run()
