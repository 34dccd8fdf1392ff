"""The ``oral-archive`` command line; each command calls the same function the web app does."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from archive.access import ROLES
from archive.errors import ArchiveError
from webapp.context import BACKENDS, Context, Settings


def emit(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class Group(click.Group):
    """Turns user errors into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ArchiveError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=Group)
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="ORAL_ARCHIVE_DIR", default="./oral-archive-data", show_default=True,
              help="Archive folder.")
@click.option("--backend", type=click.Choice(BACKENDS), envvar="ORAL_ARCHIVE_BACKEND",
              default="tantivy", show_default=True, help="Search engine.")
@click.option("--es-url", envvar="ORAL_ARCHIVE_ES_URL", default=None, help="Elasticsearch URL.")
@click.option("--as", "viewer_role", type=click.Choice(ROLES), default="admin", show_default=True,
              help="Whose view to show: what an anonymous visitor, staff or an admin may see.")
@click.pass_context
def main(ctx: click.Context, archive_dir: Path, backend: str, es_url: str | None, viewer_role: str) -> None:
    """oral-archive: ingest, search, read and cite oral-history transcripts."""
    context = Context(Settings(archive=archive_dir, backend=backend, es_url=es_url,
                               viewer_role=viewer_role))
    ctx.obj = context
    ctx.call_on_close(context.close)


from webapp import commands  # noqa: E402,F401  (registers the commands on ``main``)
