"""Atomic, exclusive publishing of a built site folder.

Independent of MkDocs: the build hook (guidance/mkdocs_hooks.py) calls it.

A build of ``site/`` goes like this::

    with BuildLock(final):              # one build per site folder at a time
        staging = new_staging(final)    # a fresh, unique folder beside final
        ...write the whole site into staging...
        publish(staging, final)         # or discard(staging) if the build failed

Everything lives beside the site folder, named after it, so ``--site-dir
/tmp/x/site`` uses ``/tmp/x/.site.lock``, ``/tmp/x/.site.staging-*`` and
``/tmp/x/.site.old-*``. Nothing else in that parent folder is touched.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import secrets
import shutil
import sys
import time
from pathlib import Path

__all__ = ["BuildLock", "BuildLocked", "discard", "lock_path", "new_staging", "publish"]


class BuildLocked(RuntimeError):
    """Another process holds the build lock of this site folder."""


def lock_path(final: Path) -> Path:
    """The lock file of a site folder: ``.<name>.lock`` beside it."""
    final = Path(final)
    return final.parent / f".{final.name}.lock"


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# How long a build that finds the lock taken waits for its holder's pid: the holder writes it just
# after taking the lock, and a build that started at the same moment can look in between.
HOLDER_WAIT = 0.1


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote in the lock file, or '' if none appears in time."""
    deadline = time.monotonic() + HOLDER_WAIT
    while True:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if holder.isdigit() or time.monotonic() >= deadline:
            return holder if holder.isdigit() else ""
        time.sleep(0.005)


class BuildLock:
    """An exclusive, non-blocking ``flock`` on the lock file beside a site folder.

    ``acquire()`` raises ``BuildLocked`` at once when another process holds it,
    naming that process (each holder writes its pid into the lock file just after taking
    it; a build that looks in between waits up to ``HOLDER_WAIT`` seconds for it). The
    lock goes with the open file: ``release()`` frees it, and so does the death
    of the process, however it dies. The lock file itself is left in place:
    deleting it could let two builds lock two different files of one name.
    """

    def __init__(self, final: Path) -> None:
        self.final = Path(final)
        self.path = lock_path(self.final)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> BuildLock:
        if self._fd is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by child processes
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            who = f" (process {holder})" if holder else ""
            raise BuildLocked(
                f"Another build of this project is writing {_shown(self.final)}/{who}; "
                "wait for it to finish, then build again."
            ) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing the only descriptor of the open file releases the flock

    def __enter__(self) -> BuildLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


# ---- staging ----------------------------------------------------------------

def _leftovers(final: Path) -> list[Path]:
    """Staging and old folders of earlier builds of ``final`` that were killed or failed."""
    prefixes = (f".{final.name}.staging-", f".{final.name}.old-")
    legacy = {f".{final.name}.staging", f".{final.name}.old"}  # fixed names used by earlier versions
    if not final.parent.is_dir():
        return []
    return sorted(
        p for p in final.parent.iterdir()
        if (p.name.startswith(prefixes) or p.name in legacy) and p.is_dir() and not p.is_symlink()
    )


def _olds(final: Path) -> list[Path]:
    return [p for p in _leftovers(final) if p.name.startswith(f".{final.name}.old")]


def _unique(final: Path, kind: str) -> Path:
    """A name beside ``final`` that does not exist yet (``.site.<kind>-<random>``)."""
    while True:
        path = final.parent / f".{final.name}.{kind}-{secrets.token_hex(4)}"
        if not os.path.lexists(path):
            return path


def new_staging(final: Path) -> Path:
    """Make a fresh, empty, uniquely named staging folder beside ``final``.

    First removes the staging and old folders that earlier builds left behind
    when they were killed; call it only while holding the ``BuildLock``, so no
    running build owns them. If ``final`` is missing because a build was killed
    in the middle of the fallback swap (see ``publish``), the previous site is
    put back first.

    The folder gets the permissions of an ordinary ``mkdir`` (the umask decides),
    not the 0700 of ``tempfile.mkdtemp``: it becomes the published site.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    if not os.path.lexists(final):
        olds = sorted(_olds(final), key=lambda p: p.stat().st_mtime)
        if olds:
            os.rename(olds[-1], final)
    for path in _leftovers(final):
        shutil.rmtree(path, ignore_errors=True)
    while True:
        staging = _unique(final, "staging")
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        return staging


def discard(staging: Path) -> None:
    """Remove a failed build's staging folder."""
    shutil.rmtree(staging, ignore_errors=True)


# ---- the swap ---------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later, musl 1.2.2 and later
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with ``renameat2(RENAME_EXCHANGE)``.

    True when swapped; False when the platform, the C library or the filesystem
    cannot do it (nothing has changed then). Other failures raise ``OSError``.
    """
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def publish(staging: Path, final: Path) -> None:
    """Replace the folder ``final`` with the complete folder ``staging``.

    On Linux the two folders are swapped in one step with
    ``renameat2(RENAME_EXCHANGE)``: at every instant ``final`` is either the
    whole old site or the whole new one, never missing or partial, even if the
    process is killed. The old site, now at the staging path, is then deleted
    (a deletion cut short is finished by the next ``new_staging``). When
    ``final`` does not exist yet, a plain rename.

    Fallback, where that swap is not available (not Linux, a C library without
    ``renameat2``, a filesystem that refuses it): rename ``final`` to a unique
    ``.<name>.old-*``, then ``staging`` to ``final``; if the second rename fails
    the old site is renamed back and the error re-raised. This fallback has a
    brief gap, between the two renames, in which ``final`` does not exist; a
    build killed inside the gap leaves the old site at ``.<name>.old-*``, and
    the next ``new_staging`` puts it back.
    """
    staging, final = Path(staging), Path(final)
    if not os.path.lexists(final):
        os.rename(staging, final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # the old site
        return
    old = _unique(final, "old")
    os.rename(final, old)
    try:
        os.rename(staging, final)
    except BaseException:
        os.rename(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)
