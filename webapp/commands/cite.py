"""``cite``: a citation for a passage, or for an exact range of a document, in one of six formats."""

from __future__ import annotations

import click

from archive.access import Viewer, visible
from archive.citations import FORMATS
from archive.citations import cite as make_citation
from archive.errors import BadParameter, NotFound
from archive.model import Document
from archive.store import Store
from webapp.cli import emit, main
from webapp.context import Context


def locate(store: Store, ref: str, viewer: Viewer) -> tuple[Document, str | None]:
    """The document and passage id for ``doc:p3`` (a passage) or ``doc`` (a document)."""
    doc_id, sep, _ = ref.rpartition(":p")
    if not sep:
        doc_id = ref
    doc = store.get(doc_id)
    if doc is None or not visible(doc.metadata, viewer):
        raise NotFound(f"passage {ref!r}" if sep else f"document {ref!r}")
    if sep and doc.passage(ref) is None:
        raise NotFound(f"passage {ref!r}")
    return doc, ref if sep else None


@main.command()
@click.argument("passage_id")
@click.option("--start", type=int, default=None, help="Start offset in the document text.")
@click.option("--end", type=int, default=None, help="End offset (exclusive) in the document text.")
@click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default="chicago",
              show_default=True)
@click.option("--base-url", envvar="ORAL_ARCHIVE_BASE_URL", default=None,
              help="Where the web app is served, for permalinks (or ORAL_ARCHIVE_BASE_URL).")
@click.option("--json", "as_json", is_flag=True, help="Print the citation with all its forms as JSON.")
@click.pass_obj
def cite(ctx: Context, passage_id: str, start: int | None, end: int | None, fmt: str,
         base_url: str | None, as_json: bool) -> None:
    """A citation for PASSAGE_ID (doc:pN), or for --start/--end of its document."""
    if (start is None) != (end is None):
        raise BadParameter("--start/--end", "give both, or neither to cite the whole passage")
    doc, pid = locate(ctx.store, passage_id, ctx.viewer)
    if start is None and pid is None:
        raise BadParameter("PASSAGE_ID", f"{passage_id!r} is a document: add --start and --end, "
                           f"or name a passage like {passage_id}:p1")
    citation = make_citation(doc, start, end, fmt.lower(), base_url=base_url, passage_id=pid)
    if as_json:
        emit({"format": fmt.lower(), "text": citation.text, "mimetype": citation.mimetype,
              "filename": citation.filename, "forms": citation.forms})
    else:
        click.echo(citation.text, nl=not citation.text.endswith("\n"))
