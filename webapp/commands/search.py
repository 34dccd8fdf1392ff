"""``search``, ``quote`` and ``reindex``: finding words in the archive and keeping the index whole."""

from __future__ import annotations

import sys

import click

from archive.retag import retag
from archive.tagging import vocabulary as vocabularies
from webapp.cli import emit, main
from webapp.context import Context


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"[{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}] "


def _marked(text: str, base: int, spans: list[list[int]]) -> str:
    """The passage with its highlights in bold on a terminal (plain brackets otherwise)."""
    out, cursor = [], 0
    for start, end in spans:
        s, e = start - base, end - base
        out.append(text[cursor:s])
        word = text[s:e]
        out.append(click.style(word, bold=True, underline=True) if sys.stdout.isatty() else f"[{word}]")
        cursor = e
    out.append(text[cursor:])
    return " ".join("".join(out).split())


@main.command()
@click.argument("query")
@click.option("--speaker", default=None, help="Only passages by this speaker.")
@click.option("--topic", default=None, help="Only passages about this topic.")
@click.option("--document", default=None, help="Only this document (its id).")
@click.option("--kind", default=None, help="turn, narration, quote, caption, title or metadata.")
@click.option("--decade", default=None, help="Only documents dated in this decade (e.g. 1930s).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search(ctx: Context, query: str, speaker, topic, document, kind, decade, limit: int, offset: int,
           as_json: bool) -> None:
    """Full-text search: words (all must match), "phrases", OR, -word, speaker:, topic:, kind:, document:."""
    result = ctx.search.search(query, speaker=speaker, topic=topic, document=document, kind=kind,
                               decade=decade, limit=limit, offset=offset, viewer=ctx.viewer)
    if as_json:
        emit(result)
        return
    shown = f"{offset + 1}-{offset + len(result['hits'])}" if result["hits"] else "0"
    click.echo(f"{result['total']} passages ({shown} shown, {result['took_ms']} ms)")
    for h in result["hits"]:
        who = f"{h['speaker']}: " if h["speaker"] else ""
        click.echo(f"\n{h['passage_id']} ({h['kind']}) {h['title'][:60]}")
        click.echo(f"  {_clock(h['time'])}{who}{_marked(h['text'], h['start'], h['highlights'])}")
    for name, counts in result["facets"].items():
        if counts:
            click.echo(f"\n{name}: " + ", ".join(f"{k} ({v})" for k, v in list(counts.items())[:8]))


@main.command()
@click.argument("text")
@click.option("--limit", type=int, default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def quote(ctx: Context, text: str, limit: int, as_json: bool) -> None:
    """Find where a (possibly misremembered) quote comes from."""
    result = ctx.search.quote(text, limit=limit, viewer=ctx.viewer)
    if as_json:
        emit(result)
        return
    if not result["matches"]:
        click.echo("no passage found that resembles this quote")
    for m in result["matches"]:
        who = f"{m['speaker']}: " if m["speaker"] else ""
        click.echo(f"{m['passage_id']} ({m['similarity']:.0%}) {m['title'][:60]}")
        click.echo(f"  {who}\u201c{' '.join(m['text'].split())}\u201d")
        click.echo(f"  diff: {m['diff_text']}\n")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reindex(ctx: Context, as_json: bool) -> None:
    """Re-tag what another vocabulary tagged, then rebuild the search index from the archive."""
    source = vocabularies.for_archive(ctx.store.folder)
    retagged = retag(ctx.store, source)
    progress = None
    if sys.stderr.isatty() and not as_json:
        from rich.progress import Progress

        progress = Progress(transient=True)
    if progress is not None:
        with progress:
            task = progress.add_task("reindex", total=None)
            report = ctx.search.reindex(
                lambda done, total: progress.update(task, completed=done, total=total))
    else:
        report = ctx.search.reindex()
    report = {**report, "retagged": len(retagged), "vocabulary": source.name}
    if as_json:
        emit(report)
    else:
        if retagged:
            click.echo(f"re-tagged {len(retagged)} documents with {source.name}")
        click.echo(f"reindexed {report['documents']} documents, {report['passages']} passages with "
                   f"{report['engine']} in {report['seconds']:.1f} s ({report['mb_per_second']:.2f} MB/s)")
