"""``serve``: the web app under waitress, a production WSGI server (never Flask's debug server).

Searches hold Python's interpreter lock for most of their time, so one process serves one
search at a time whatever its thread count; ``--workers`` forks server processes that share
one listening socket, so that every core answers requests.
"""

from __future__ import annotations

import os
import signal
import socket

import click

from webapp.cli import main
from webapp.context import Context, Settings


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Requests served at once by each process.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Server processes sharing the port (default: one per core).")
@click.pass_obj
def serve(ctx: Context, host: str, port: int, threads: int, workers: int | None) -> None:
    """The web app: search, read and cite in the browser, and the JSON API."""
    workers = workers or os.cpu_count() or 1
    click.echo(f"serving {ctx.settings.archive} on http://{host}:{port}/ with {workers} process(es) "
               "(Ctrl-C stops)", err=True)
    if workers == 1:
        _serve(ctx.settings, threads, host=host, port=port)
        return
    sock = socket.create_server((host, port), family=_family(host), backlog=1024)
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # the child opens its own store and index: nothing is shared but the socket
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                _serve(ctx.settings, threads, sockets=[sock])
            finally:
                os._exit(0)
        children.append(pid)
    sock.close()
    _supervise(children)


def _serve(settings: Settings, threads: int, **where) -> None:
    import waitress

    from webapp import create_app

    app = create_app(settings)
    try:
        waitress.serve(app, threads=threads, ident="oral-archive", **where)
    finally:
        app.extensions["oral_archive"].close()


def _supervise(children: list[int]) -> None:
    """Wait for the server processes; Ctrl-C or SIGTERM stops them all, and so does one dying."""
    def stop(*_: object) -> None:
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, lambda *a: (stop(), os._exit(0)))
    try:
        os.wait()
    except KeyboardInterrupt:
        pass
    stop()
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
