"""``ingest``, ``list``, ``show`` and ``remove``: putting documents in and taking them out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive import writelock
from archive.access import visible
from archive.errors import NotFound
from archive.ingest import ingest as ingest_files
from webapp import disclose
from webapp.cli import emit, main
from webapp.context import Context


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--force", is_flag=True, help="Re-read files even when unchanged.")
@click.option("--no-index", is_flag=True, help="Only archive; run `reindex` later.")
@click.option("--workers", type=int, default=None, help="Reader processes (default: cores).")
@click.option("--wait", type=click.FloatRange(min=0), default=600, show_default=True,
              help="Seconds to wait for another ingest (or reindex, access, remove) to finish.")
@click.pass_obj
def ingest(ctx: Context, paths: tuple[Path, ...], as_json: bool, force: bool, no_index: bool,
           workers: int | None, wait: float) -> None:
    """Ingest files and folders (recursively); exit 1 if any file failed."""
    # One writer at a time, queued here before anything is written.
    with _writer(ctx, wait, "ingest", quiet=as_json):
        _ingest(ctx, paths, as_json, force, no_index, workers)


def _writer(ctx: Context, wait: float, what: str, quiet: bool = False):
    lock = writelock.for_folder(ctx.store.folder)
    if not quiet and not lock.acquire(0, what):
        click.echo(f"waiting up to {wait:g} s for {lock.holder()} to finish...", err=True)
    elif not quiet:
        lock.release()
    return lock.holding(wait, what)


def _ingest(ctx: Context, paths: tuple[Path, ...], as_json: bool, force: bool, no_index: bool,
            workers: int | None) -> None:
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
        for link in report.links_skipped:
            click.echo(f"skipped: {link} (a link out of the folder)", err=True)
        for path in report.ignored:
            click.echo(f"ignored (not a document): {path}", err=True)
        for warning in report.warnings:
            click.echo(f"warning: {warning.path}: {warning.message}", err=True)
        for kept in report.access_kept:
            click.echo(f"access: {kept}", err=True)
        if no_index and report.documents:
            click.echo("not indexed yet: searches leave these documents out until the next "
                       "ingest or `oral-archive reindex`", err=True)
        click.echo(
            f"{report.files} files ({report.unchanged} unchanged, {len(report.failures)} failed, "
            f"{len(report.skipped)} not documents, {len(report.ignored)} ignored, "
            f"{len(report.warnings)} warnings), {report.documents} documents, "
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
        emit([disclose.record(d.to_dict(), ctx.viewer) for d in docs])
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
        emit(disclose.record(doc.to_dict(), ctx.viewer))
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
    with _writer(ctx, 600, "remove"):
        if not ctx.store.remove(doc_id):
            raise NotFound(f"document {doc_id!r}")
        ctx.search.remove(doc_id)
        ctx.search.commit()
    click.echo(f"removed {doc_id}")
