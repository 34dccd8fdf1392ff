"""``ingest``, ``list``, ``show`` and ``remove``: putting documents in and taking them out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.access import visible
from archive.errors import NotFound
from archive.ingest import ingest as ingest_files
from webapp.cli import emit, main
from webapp.context import Context


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--force", is_flag=True, help="Re-read files even when unchanged.")
@click.option("--no-index", is_flag=True, help="Only archive; run `reindex` later.")
@click.option("--workers", type=int, default=None, help="Reader processes (default: cores).")
@click.pass_obj
def ingest(ctx: Context, paths: tuple[Path, ...], as_json: bool, force: bool, no_index: bool,
           workers: int | None) -> None:
    """Ingest files and folders (recursively); exit 1 if any file failed."""
    on_stored = prepare = None
    index = None
    if not no_index:
        index = ctx.search
        on_stored, prepare = index.on_stored, index.prepare
    progress = _progress() if sys.stderr.isatty() and not as_json else None
    try:
        if progress is not None:
            with progress:
                task = progress.add_task("ingest", total=None)

                def on_progress(path: Path, done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total, description=path.name[:40])

                report = ingest_files(ctx.store, paths, on_stored=on_stored, on_progress=on_progress,
                                      workers=workers, force=force, prepare=prepare)
        else:
            report = ingest_files(ctx.store, paths, on_stored=on_stored, workers=workers, force=force,
                                  prepare=prepare)
    finally:
        if index is not None:
            index.commit()
    if as_json:
        emit(report.to_dict())
    else:
        for failure in report.failures:
            click.echo(f"failed: {failure.message}", err=True)
        click.echo(
            f"{report.files} files ({report.unchanged} unchanged, {len(report.failures)} failed, "
            f"{len(report.skipped)} not documents), {report.documents} documents, "
            f"{report.passages} passages in {report.seconds:.1f} s ({report.mb_per_second:.2f} MB/s)")
    sys.exit(1 if report.failures else 0)


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True)


@main.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_documents(ctx: Context, as_json: bool) -> None:
    """Documents: id, title, kind, speakers, passages, topics."""
    docs = [d for d in ctx.store.documents() if visible(d.metadata, ctx.viewer)]
    if as_json:
        emit([d.to_dict() for d in docs])
        return
    for d in docs:
        speakers = ", ".join(s.name or s.label for s in d.speakers[:4])
        more = f" +{len(d.speakers) - 4}" if len(d.speakers) > 4 else ""
        click.echo(f"{d.id}\t{d.title[:70]}\t{d.kind}\t{speakers}{more}\t{d.passages}\t{', '.join(d.topics)}")


@main.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show(ctx: Context, doc_id: str, as_json: bool) -> None:
    """The annotated document."""
    doc = ctx.store.get(doc_id)
    if doc is None or not visible(doc.metadata, ctx.viewer):
        raise NotFound(f"document {doc_id!r}")
    if as_json:
        emit(doc.to_dict())
        return
    click.echo(f"{doc.title}\n{'=' * min(len(doc.title), 78)}")
    for key, value in doc.metadata.to_dict().items():
        click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    for p in doc.passages:
        who = f"{p.speaker}: " if p.speaker else ""
        when = f"[{_clock(p.time)}] " if p.time is not None else ""
        click.echo(f"\n{p.id} ({p.kind}) {when}{who}{doc.text[p.start:p.end]}")


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


@main.command()
@click.argument("doc_id")
@click.pass_obj
def remove(ctx: Context, doc_id: str) -> None:
    """Delete a document from archive and index."""
    if not ctx.store.remove(doc_id):
        raise NotFound(f"document {doc_id!r}")
    ctx.search.remove(doc_id)
    ctx.search.commit()
    click.echo(f"removed {doc_id}")
