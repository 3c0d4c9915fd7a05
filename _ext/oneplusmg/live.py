"""Live preview in a warm interpreter: sphinx-autobuild, with a Sphinx application made ready before the save.

    python -m oneplusmg.live [sphinx-autobuild's options] SOURCEDIR OUTPUTDIR

sphinx-autobuild starts a new ``sphinx-build`` process for every save, and on this site two thirds
of a one-page rebuild went on starting it: importing Sphinx and the extensions, setting them up,
loading the pickled environment. Here a worker process does all of that *ahead* of the next save,
then waits; when a page is saved it only builds. After each build it prepares the next application
(from the environment that build pickled), so every build starts from exactly the state a fresh
``sphinx-build`` would: the output is the same, only the waiting moved.

Everything else is sphinx-autobuild's own: its command line (``--watch``, ``--re-ignore``,
``--port``, pre- and post-build commands), file watching, server and browser reload. Two of its
classes are replaced by the subclasses below before its ``main`` runs:

- :class:`WarmBuilder` sends each build to the worker instead of running ``sphinx-build``;
- :class:`WarmRebuildServer` calls the builder in a thread: upstream calls it in a new process pool
  per change, which would copy the builder (and cannot carry the worker's pipe).

What a prepared application may not have seen is handled by making it again:

- a saved page (a source document) is built by the prepared application at once;
- a saved registry is loaded again in it by our extension (the event ``oneplusmg-inputs-changed``,
  which any extension can handle for the files it reads when the application is made);
- any other file (a bibliography, a template, a static file) was perhaps read while the application
  was made: the application is made again in the warm process, then built;
- a Python file (``conf.py``, an extension) restarts the worker, which imports everything anew.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import gc
import multiprocessing
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx_autobuild.__main__ as autobuild
import watchfiles
from sphinx_autobuild.build import Builder
from sphinx_autobuild.server import RebuildServer
from sphinx_autobuild.utils import show_message

from .incremental import INPUTS_CHANGED

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from sphinx.application import Sphinx

STOP = None  # the message that ends the worker
RELOAD_GRACE = 1.0  # seconds the worker waits after a build before it makes the next application


# -- The worker: a warm interpreter with an application ready to build ------------------------------


class PreparedBuild:
    """A Sphinx application made as ``sphinx-build ARGV`` would make it, not yet built."""

    def __init__(self, argv: Sequence[str]) -> None:
        from sphinx.application import Sphinx
        from sphinx.cmd import build as cmd
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        parser = cmd.get_parser()
        args = parser.parse_args(list(argv))
        args.confdir = cmd._parse_confdir(args.noconfig, args.confdir, args.sourcedir)
        args.doctreedir = cmd._parse_doctreedir(args.doctreedir, args.outputdir)
        status, warning, _error, self.warnfile = cmd._parse_logging(
            parser, args.quiet, args.really_quiet, args.warnfile
        )
        self.force_all, self.filenames = args.force_all, args.filenames
        # docutils' registries of directives and roles are global: Sphinx swaps in its own for
        # the life of an application, from its making to the end of its build.
        self.context = contextlib.ExitStack()
        self.context.enter_context(patch_docutils(args.confdir or args.sourcedir))
        self.context.enter_context(docutils_namespace())
        try:
            self.app: Sphinx = Sphinx(
                srcdir=args.sourcedir,
                confdir=args.confdir,
                outdir=args.outputdir,
                doctreedir=args.doctreedir,
                buildername=args.builder,
                confoverrides=cmd._parse_confoverrides(parser, args.define, args.htmldefine, args.nitpicky),
                status=status,
                warning=warning,
                freshenv=args.freshenv,
                warningiserror=args.warningiserror,
                tags=args.tags,
                verbosity=args.verbosity,
                parallel=args.jobs,
            )
        except BaseException:
            self.close()
            raise

    def takes(self, changed: Sequence[Path]) -> bool:
        """Whether this application can build these changes: saved documents, and files that an
        extension brought up to date in it when told (:data:`INPUTS_CHANGED`)."""
        found = self.app.env.found_docs
        others = [path for path in changed if self.app.project.path2doc(path) not in found]
        if not others:
            return True
        if INPUTS_CHANGED not in self.app.events.events:
            return False
        refreshed = {Path(path) for result in self.app.events.emit(INPUTS_CHANGED, others) for path in result}
        return refreshed.issuperset(others)

    def build(self) -> int:
        """Build once, as ``sphinx-build`` would: the exit status."""
        try:
            self.app.build(self.force_all, self.filenames)
            return self.app.statuscode
        finally:
            self.close()

    def close(self) -> None:
        """Leave Sphinx's docutils registries; close the warning file."""
        self.context.close()
        if self.warnfile is not None:
            self.warnfile.close()


def prepare(argv: Sequence[str]) -> PreparedBuild | None:
    """The next application, or None (reported as sphinx-build reports it) if it cannot be made.

    Making it leaves the garbage of the last build and many new objects (the unpickled
    environment), so the collector's next full pass would fall in the middle of the next build:
    a third of a page's build in the warm worker. It runs here instead, while nobody waits.
    """
    try:
        return PreparedBuild(argv)
    except Exception as exc:  # a broken conf.py or registry: the next save may mend it
        from sphinx._cli.util.errors import handle_exception

        handle_exception(exc, stderr=sys.stderr)
        return None
    finally:
        gc.collect()


def receive(conn: Connection) -> list[str] | None:
    """The next request; STOP also when the server has gone (its end of the pipe closed)."""
    try:
        return conn.recv()
    except (EOFError, OSError):
        return STOP


def serve(conn: Connection, argv: Sequence[str]) -> None:
    """The worker's loop: prepare, wait for changed paths, build, answer with the exit status."""
    prepared = prepare(argv)
    while (changed := receive(conn)) is not STOP:
        paths = [Path(p) for p in changed]
        if prepared is None or not prepared.takes(paths):
            if prepared is not None:
                prepared.close()
            prepared = prepare(argv)
        status = 2
        if prepared is not None:
            try:
                status = prepared.build()
            except Exception as exc:
                from sphinx._cli.util.errors import handle_exception

                handle_exception(exc, stderr=sys.stderr, message_log=prepared.app.messagelog)
        conn.send(status)
        # The browser reloads now: let it have the processor before the next application is made
        # (at once if another save comes meanwhile).
        conn.poll(RELOAD_GRACE)
        prepared = prepare(argv)
    if prepared is not None:
        prepared.close()


# -- The server side: sphinx-autobuild with a warm builder -------------------------------------------


def restarts_worker(path: Path) -> bool:
    """A change to Python code (conf.py, an extension) needs a new interpreter."""
    return path.suffix == ".py"


class Worker:
    """The warm process and the pipe to it."""

    def __init__(self, argv: Sequence[str]) -> None:
        context = multiprocessing.get_context("spawn")  # a clean interpreter, not a copy of the server
        self.conn, child = context.Pipe()
        # Not a daemon: Sphinx's parallel builds and sphinx-sitemap start processes of their own.
        # It ends with the server all the same: its pipe closes and serve() returns.
        self.process: BaseProcess = context.Process(target=serve, args=(child, list(argv)))
        self.process.start()
        child.close()
        atexit.register(self.stop)

    def build(self, changed: Sequence[Path]) -> int:
        """Build in the worker; a worker that died answers 2 (and is replaced by the caller)."""
        try:
            self.conn.send([str(p) for p in changed])
            return int(self.conn.recv())
        except (EOFError, OSError):
            return 2

    def stop(self) -> None:
        """End the worker (at once if it does not answer)."""
        atexit.unregister(self.stop)
        with contextlib.suppress(OSError):
            self.conn.send(STOP)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


class WarmBuilder(Builder):
    """sphinx-autobuild's builder, building in the warm worker instead of a new sphinx-build."""

    def __init__(self, sphinx_args: list[str], **kwargs: Any) -> None:
        super().__init__(sphinx_args, **kwargs)
        self.worker = Worker(sphinx_args)

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        """Build after these changes, as upstream does, but in the worker (a new one after Python edits)."""
        if changed_paths:
            names = ", ".join(str(p) for p in changed_paths[:5])
            show_message(f"Detected changes ({names})")
        if any(restarts_worker(p) for p in changed_paths) or not self.worker.process.is_alive():
            show_message("Python code changed: restarting the build process")
            self.worker.stop()
            self.worker = Worker(self.sphinx_args)
        if self._run_commands(self.pre_build_commands, "pre-build") != 0:
            return
        status = self.worker.build(changed_paths)
        if status == 0:
            self._run_commands(self.post_build_commands, "post-build")
        else:
            print(f"Sphinx exited with exit code: {status}; still serving the last good build.")
        show_message(f"Serving on {self.uri}")


class WarmRebuildServer(RebuildServer):
    """sphinx-autobuild's watcher, calling the builder in a thread of this process."""

    async def watch(self) -> None:
        """Upstream's watch loop, the builder called in a thread instead of a new process pool."""
        async for changes in watchfiles.awatch(*self.paths, watch_filter=lambda _, path: not self.ignore(path)):
            changed_paths = [Path(path).resolve() for (_, path) in changes]
            await asyncio.to_thread(self.change_callback, changed_paths=changed_paths)
            self.flag.set()


def main(argv: Sequence[str] | None = None) -> None:
    """Run sphinx-autobuild's command line with the warm builder and watcher."""
    autobuild.Builder = WarmBuilder
    autobuild.RebuildServer = WarmRebuildServer
    autobuild.main(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    main()
