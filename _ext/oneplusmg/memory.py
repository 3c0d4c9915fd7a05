"""Keep the registry out of the cyclic garbage collector's sight while a build runs.

Every full collection walks every live container object. The registry's records live until
the build ends, yet each full collection walked them again, so a large registry made every
later collection slower: the cost grew with registry x pages. ``gc.freeze()`` right after the
registry is loaded moves the objects alive at that moment into a permanent generation the
collector skips (reference counting still frees them), and :func:`release` hands them back to
the collector when the build ends, so a process that runs several builds (tests, a server)
leaks nothing. Measured on a synthetic project of 2,000 guidelines and 200 pages: 7.2 s ->
6.6 s, same peak memory.

Freezing again once every page is read (to take the whole environment out of sight too) was
tried and measured: on the same project the build became 20 % slower and its peak memory went
from 99 MB to 274 MB, so it is not done.

Set ``oneplusmg_gc_freeze = False`` to leave the collector alone.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def freeze_long_lived(config: Config) -> None:
    """Freeze every object alive now: call when what was just built will outlive the build.

    No full collection first (it would cost more than it saves at this point): the little
    garbage frozen with the rest is collected after :func:`release`.
    """
    if config.oneplusmg_gc_freeze:
        gc.freeze()


def release(app: Sphinx, exception: Exception | None) -> None:
    """The build is over: give the collector back everything frozen during it."""
    if app.config.oneplusmg_gc_freeze:
        gc.unfreeze()


def setup_memory(app: Sphinx) -> None:
    app.add_config_value("oneplusmg_gc_freeze", True, "", types=(bool,))
    app.connect("build-finished", release, priority=900)
