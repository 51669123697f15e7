"""Stopping a build cleanly on Ctrl-C (SIGINT), SIGTERM and SIGHUP (a closed terminal).

``portal build`` runs under :func:`signals`. The first signal raises :class:`Interrupted`, a
``BaseException`` that the build does not catch, so every ``finally`` and ``with`` on the way out
runs (temporary folders are removed, child processes stopped, site/ left as it was).

Two ways a signal could otherwise be lost or leave a mess, both handled here:

* pydantic calls Python code (a union's discriminator) from its Rust core during ``model_dump``
  and turns an exception raised there into a warning: the interrupt would vanish. The handler
  therefore also records the signal, and :func:`check` — called between pages — raises it again.
* forked workers and child processes share the terminal's process group, so Ctrl-C reaches them
  too: workers ignore SIGINT (:func:`worker_init`; the parent stops them), and child processes run
  in their own session (:func:`run`) and are stopped by the parent.

:func:`critical` defers signals while a step that must not be cut in half runs (writing
build/docs, swapping site/): a signal that arrives then takes effect when the step is done.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from typing import Iterator, Sequence

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
NAMES = {signal.SIGINT: "Ctrl+C（SIGINT）", signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP（端末が閉じられました）"}
STOP_GRACE = 2.0  # seconds a child process gets to stop before it is killed


class Interrupted(BaseException):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP

    @property
    def name(self) -> str:
        return NAMES.get(signal.Signals(self.signum), f"シグナル {self.signum}")


_pending: int | None = None


def _handler(signum: int, frame: object) -> None:
    global _pending
    if _pending is not None:
        return  # already stopping: let the clean-up run
    _pending = signum
    raise Interrupted(signum)


def check() -> None:
    """Raise the recorded signal if something swallowed the first ``Interrupted``."""
    if _pending is not None:
        raise Interrupted(_pending)


@contextlib.contextmanager
def signals() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into :class:`Interrupted` for the duration."""
    global _pending
    _pending = None
    old = {s: signal.signal(s, _handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        _pending = None


@contextlib.contextmanager
def critical() -> Iterator[None]:
    """Defer the signals until the block is done (then the first one is raised)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    check()


def worker_init() -> None:
    """For forked pool workers: Ctrl-C is the parent's business; SIGTERM (the pool's terminate) ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _die_with_parent() -> None:  # pragma: no cover — runs in the child between fork and exec
    """Linux: the child is killed if the build itself is killed (SIGKILL cannot be handled, so without
    this an orphaned MkDocs would go on writing into a temporary folder)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run(cmd: Sequence[str], **kwargs) -> int:
    """``subprocess.run`` in a session of its own; on an interrupt the child and everything it
    started are stopped before the interrupt goes on (Pagefind's wrapper execs its binary, so the
    binary is the child itself)."""
    proc = start(cmd, **kwargs)
    try:
        return proc.wait()
    except BaseException:
        stop(proc)
        raise


def start(cmd: Sequence[str], **kwargs) -> subprocess.Popen:
    """The child of :func:`run`, started and not waited for: whoever starts it stops it (:func:`stop`) when
    an interrupt comes before it ends."""
    return subprocess.Popen(cmd, start_new_session=True, preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                            **kwargs)


def stop(proc: subprocess.Popen) -> None:
    with critical_quiet():
        for sig, wait in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            # the leader is gone; make sure nothing it started lives on in its group
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            return


@contextlib.contextmanager
def critical_quiet() -> Iterator[None]:
    """Like :func:`critical`, without raising afterwards (for clean-up that runs while stopping)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
