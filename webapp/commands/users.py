"""``users add|list|remove`` (staff accounts) and ``access`` (who may see an archived document)."""

from __future__ import annotations

import sys
from datetime import date

import click

from archive import writelock
from archive.access import Decision, effective_access, parse_date
from archive.errors import BadParameter, NotFound
from archive.store import users as accounts
from webapp.cli import emit, main
from webapp.context import Context


@main.group()
def users() -> None:
    """Staff accounts: staff read restricted documents, admins also sealed ones."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), default="staff", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.option("--replace", is_flag=True, help="Reset the password and role of an existing account.")
@click.pass_obj
def add_user(ctx: Context, name: str, role: str, password_stdin: bool, replace: bool) -> None:
    """Create an account; the password is asked for (never given on the command line)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = accounts.create(ctx.store, name, password, role, replace=replace)
    click.echo(f"{'updated' if replace else 'added'} {user.name} ({user.role})")


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_users(ctx: Context, as_json: bool) -> None:
    """Accounts and their roles (never the password hashes)."""
    found = accounts.list_users(ctx.store)
    if as_json:
        emit([{"name": u.name, "role": u.role} for u in found])
        return
    for u in found:
        click.echo(f"{u.name}\t{u.role}")


@users.command("remove")
@click.argument("name")
@click.pass_obj
def remove_user(ctx: Context, name: str) -> None:
    """Delete an account; its open sessions lose access on their next request."""
    accounts.delete(ctx.store, name)
    click.echo(f"removed {name}")


@main.command()
@click.argument("doc_id")
@click.argument("level", type=click.Choice(["public", "restricted", "sealed"]))
@click.option("--until", "until", default=None, help="For sealed: the date it opens (YYYY-MM-DD).")
@click.option("--after", type=click.Choice(["public", "restricted"]), default=None,
              help="For sealed: what it becomes after --until (default public).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def access(ctx: Context, doc_id: str, level: str, until: str | None, after: str | None,
           as_json: bool) -> None:
    """Set who may see an archived document: public, restricted (staff) or sealed (admins) until a date."""
    if level == "sealed":
        if until is not None and parse_date(until) is None:
            raise BadParameter("--until", f"{until!r} is not a date (YYYY-MM-DD)")
    elif until is not None or after is not None:
        raise BadParameter("--until/--after", "only apply to sealed documents")
    decision = Decision("sealed", until, after or "public") if level == "sealed" else Decision(level)
    # The archive first: it is the authority, and searches leave out whatever the index has
    # not caught up with. Then the index, at once when no other writer holds it.
    meta = ctx.store.set_access(doc_id, decision)
    if meta is None:
        raise NotFound(f"document {doc_id!r}")
    lock = writelock.for_folder(ctx.store.folder)
    if lock.acquire(5, "access"):
        try:
            ctx.search.commit()
        finally:
            lock.release()
    else:
        click.echo(f"the search index is being written by {lock.holder()}: searches leave "
                   f"{doc_id} out until that writer finishes and brings it up to date", err=True)
    if as_json:
        emit({"id": doc_id, "access": level, "sealed_until": meta.sealed_until,
              "access_after": meta.access_after})
        return
    if level == "sealed":
        opens = f" until {until}, then {meta.access_after}" if until else " with no opening date"
        click.echo(f"{doc_id}: sealed{opens} (now {effective_access(meta, date.today())})")
    else:
        click.echo(f"{doc_id}: {level}")
