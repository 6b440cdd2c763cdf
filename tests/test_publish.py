"""Publishing site/ is atomic and exclusive (guidance/publish.py and the build hook)."""

from __future__ import annotations

import errno
import fcntl
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from guidance import publish as publishing
from guidance.publish import BuildLock, BuildLocked, discard, lock_path, new_staging, publish
from tests.test_build import PROJECT_FILES, ROOT, build

PAGES = 200  # plus index.html


def write_site(folder: Path, tag: str, pages: int = PAGES) -> None:
    """A complete site: every file holds the same tag, so a mix of two sites shows."""
    for i in range(pages):
        (folder / f"page-{i:03}.html").write_text(tag)
    (folder / "index.html").write_text(tag)


def complete_tag(final: Path, pages: int = PAGES) -> str:
    """The tag of ``final``, after checking it is one whole site: not missing, not partial, not mixed."""
    assert (final / "index.html").is_file(), f"{final}/index.html is missing"
    names = sorted(p.name for p in final.iterdir())
    assert names == sorted([f"page-{i:03}.html" for i in range(pages)] + ["index.html"]), f"{final} is partial"
    tags = {p.read_text() for p in final.iterdir()}
    assert len(tags) == 1, f"{final} mixes files of {len(tags)} builds"
    return tags.pop()


def leftovers(final: Path) -> list[str]:
    return sorted(p.name for p in final.parent.iterdir() if p.name.startswith((f".{final.name}.staging", f".{final.name}.old")))


def exchange_works(folder: Path) -> bool:
    a, b = folder / "probe-a", folder / "probe-b"
    a.mkdir()
    b.mkdir()
    try:
        return publishing._exchange(a, b)
    finally:
        os.rmdir(a)
        os.rmdir(b)


# ---- publish, new_staging, discard --------------------------------------------

def test_first_publish_creates_the_site(tmp_path):
    final = tmp_path / "site"
    staging = new_staging(final)
    write_site(staging, "one")
    publish(staging, final)
    assert complete_tag(final) == "one"
    assert leftovers(final) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["rename-exchange", "fallback"])
def test_second_publish_replaces_the_site_and_leaves_nothing_behind(tmp_path, monkeypatch, exchange):
    if exchange and not exchange_works(tmp_path):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    if not exchange:
        monkeypatch.setattr(publishing, "_exchange", lambda a, b: False)
    final = tmp_path / "site"
    final.mkdir()
    write_site(final, "old")
    (final / "only-in-old.txt").write_text("old\n")
    staging = new_staging(final)
    write_site(staging, "new")
    publish(staging, final)
    assert complete_tag(final) == "new"
    assert leftovers(final) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_fallback_puts_the_old_site_back_when_the_second_rename_fails(tmp_path, monkeypatch):
    final = tmp_path / "site"
    final.mkdir()
    write_site(final, "old")
    staging = new_staging(final)
    write_site(staging, "new")
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == staging:
            raise OSError(errno.EIO, "simulated failure", str(src))
        real_rename(src, dst)

    monkeypatch.setattr(publishing, "_exchange", lambda a, b: False)
    monkeypatch.setattr(publishing.os, "rename", rename)
    with pytest.raises(OSError, match="simulated failure"):
        publish(staging, final)
    monkeypatch.undo()
    assert complete_tag(final) == "old"
    assert leftovers(final) == [staging.name]  # the new build, for the hook to discard
    assert complete_tag(staging) == "new"


def test_a_failed_exchange_raises_and_leaves_the_site(tmp_path):
    if not exchange_works(tmp_path):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    final = tmp_path / "site"
    final.mkdir()
    write_site(final, "old")
    with pytest.raises(FileNotFoundError):
        publish(tmp_path / ".site.staging-gone", final)
    assert complete_tag(final) == "old"


def test_new_staging_is_fresh_unique_readable_and_clears_only_this_sites_leftovers(tmp_path):
    final = tmp_path / "site"
    final.mkdir()
    for name in (".site.staging-dead1", ".site.old-dead2", ".site.staging", ".site.old"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.html").write_text("stale")
    for name in (".other.staging-keep", "keep.site.staging-x", ".site.lock"):
        (tmp_path / name).mkdir() if name != ".site.lock" else (tmp_path / name).write_text("")
    first, second = new_staging(final), new_staging(final)
    assert first != second and first.parent == second.parent == tmp_path
    assert first.name.startswith(".site.staging-") and list(second.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".other.staging-keep", "keep.site.staging-x", ".site.lock", "site", second.name]
    )  # the first staging counts as a leftover of a killed build too
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(second.stat().st_mode) == 0o777 & ~umask  # not mkdtemp's 0700: it becomes the site
    discard(second)
    assert not second.exists()


def test_new_staging_puts_back_a_site_left_aside_by_a_killed_fallback_swap(tmp_path):
    final = tmp_path / "site"
    aside = tmp_path / ".site.old-1234abcd"
    aside.mkdir()
    write_site(aside, "last good")
    staging = new_staging(final)
    assert complete_tag(final) == "last good"
    assert leftovers(final) == [staging.name]


# ---- the lock ---------------------------------------------------------------------

def test_lock_is_exclusive_names_its_holder_and_is_released(tmp_path):
    final = tmp_path / "x" / "site"
    assert lock_path(final) == tmp_path / "x" / ".site.lock"
    with BuildLock(final) as held:
        assert held.held and lock_path(final).is_file()
        with pytest.raises(BuildLocked) as err:
            BuildLock(final).acquire()
        message = str(err.value)
        assert message.startswith("Another build of this project is writing ")
        assert message.endswith(f"site/ (process {os.getpid()}); wait for it to finish, then build again.")
        BuildLock(tmp_path / "x" / "other").acquire().release()  # another site folder has its own lock
    BuildLock(final).acquire().release()
    assert lock_path(final).is_file()


def test_a_build_that_looks_just_after_the_holder_took_the_lock_still_names_it(tmp_path, monkeypatch):
    """Two builds started together: one takes the lock and the other looks before the first has
    written its pid. The second waits for it (briefly) instead of naming no one."""
    monkeypatch.setattr(publishing, "HOLDER_WAIT", 10.0)  # however slow the machine: the pid comes first
    final = tmp_path / "site"
    path = lock_path(final)
    path.write_text("")
    holder = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # taken, its pid not yet written
        writer = threading.Timer(0.02, lambda: os.pwrite(holder, b"4242\n", 0))
        writer.start()
        with pytest.raises(BuildLocked) as err:
            BuildLock(final).acquire()
        writer.join()
        assert "site/ (process 4242); wait for it to finish" in str(err.value)
        os.ftruncate(holder, 0)  # a holder that never writes its pid is not named, once the wait is over
        monkeypatch.setattr(publishing, "HOLDER_WAIT", 0.05)
        with pytest.raises(BuildLocked) as err:
            BuildLock(final).acquire()
        assert str(err.value).endswith("site/; wait for it to finish, then build again.")
    finally:
        os.close(holder)


# ---- killed at any moment -----------------------------------------------------------

PUBLISHER = r"""
import importlib.util, os, sys, time
from pathlib import Path
spec = importlib.util.spec_from_file_location("publish", sys.argv[4])  # fast: not the whole guidance package
publishing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(publishing)
BuildLock, new_staging, publish = publishing.BuildLock, publishing.new_staging, publishing.publish
final, pages, seconds = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
lock = BuildLock(final).acquire()
n, stop = 0, time.monotonic() + seconds
while time.monotonic() < stop:
    n += 1
    staging = new_staging(final)
    tag = f"{os.getpid()}-{n}"
    for i in range(pages):
        (staging / f"page-{i:03}.html").write_text(tag)
    (staging / "index.html").write_text(tag)
    publish(staging, final)
    if n == 1:
        print("ready", flush=True)
print(n, flush=True)
"""


def publisher(final: Path, pages: int = PAGES, seconds: float = 60) -> subprocess.Popen:
    """A child process publishing fresh complete sites of ``pages`` + 1 files into ``final`` in a loop."""
    return subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, str(final), str(pages), str(seconds), publishing.__file__],
        stdout=subprocess.PIPE,
        text=True,
    )


class Reader(threading.Thread):
    """Polls ``final/index.html`` as fast as it can and counts the times it is missing."""

    def __init__(self, final: Path) -> None:
        super().__init__(daemon=True)
        self.index, self.done = os.fsencode(final / "index.html"), threading.Event()
        self.polls = self.misses = 0

    def run(self) -> None:
        while not self.done.is_set():
            self.polls += 1
            if not os.path.exists(self.index):
                self.misses += 1

    def __enter__(self) -> Reader:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.join()


def seed_site(final: Path, pages: int = PAGES) -> None:
    with BuildLock(final):
        staging = new_staging(final)
        write_site(staging, "seed", pages)
        publish(staging, final)


def test_killing_a_publisher_at_any_moment_never_leaves_site_missing_or_partial(tmp_path):
    final = tmp_path / "site"
    exchange = exchange_works(tmp_path)
    seed_site(final)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    with Reader(final) as reader:
        for _ in range(10):
            child = publisher(final)
            try:
                assert child.stdout.readline() == "ready\n"  # it has published once; now kill it mid-way
                time.sleep(rng.uniform(0, 0.05))
            finally:
                child.send_signal(signal.SIGKILL)
                child.wait(timeout=10)
                child.stdout.close()
            assert child.returncode == -signal.SIGKILL, f"the publisher ended before the kill (seed {seed})"
            assert complete_tag(final).startswith(f"{child.pid}-"), f"seed {seed}"  # whole, and its own
            BuildLock(final).acquire().release()  # the lock died with the publisher
    assert reader.polls > 1000
    if exchange:
        assert reader.misses == 0, f"site/index.html was missing {reader.misses} time(s) (seed {seed})"

    # a later build clears what the killed publishers left behind
    with BuildLock(final):
        staging = new_staging(final)
        assert leftovers(final) == [staging.name]
        write_site(staging, "after")
        publish(staging, final)
    assert complete_tag(final) == "after"
    assert leftovers(final) == []


def test_a_reader_never_sees_site_missing_during_many_swaps(tmp_path):
    final = tmp_path / "site"
    if not exchange_works(tmp_path):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here: the fallback swap has a brief gap")
    seed_site(final, pages=5)
    with Reader(final) as reader:
        child = publisher(final, pages=5, seconds=1.0)
        out, _ = child.communicate(timeout=30)
    assert child.returncode == 0
    swaps = int(out.split()[-1])
    assert swaps >= 20 and reader.polls > 10000  # the fallback's gap shows within 20 swaps
    assert reader.misses == 0, f"site/index.html was missing {reader.misses} time(s) in {swaps} swaps"
    assert complete_tag(final, pages=5).startswith(f"{child.pid}-")
    assert leftovers(final) == []


# ---- the real build ------------------------------------------------------------

ANOTHER = "Another build of this project is writing site/ (process "


@pytest.fixture
def project(tmp_path) -> Path:
    import shutil

    for name in PROJECT_FILES:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    return tmp_path


def site_files(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())


def test_two_builds_at_once_never_leave_a_partial_site(project):
    first = build(project)
    assert first.returncode == 0, first.stderr
    expected = site_files(project / "site")
    assert {"index.html", "myths/vat/index.html", "api/content.json"} <= set(expected)

    for _ in range(3):
        start = threading.Barrier(2)
        results: list = [None, None]

        def run(i):
            start.wait()
            results[i] = build(project)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r.returncode for r in results)
        assert codes[0] == 0, [r.stderr for r in results]
        if codes[1] != 0:  # the second one stopped at once, before writing anything
            loser = next(r for r in results if r.returncode != 0)
            assert ANOTHER in loser.stderr and "wait for it to finish, then build again." in loser.stderr
            assert "Traceback" not in loser.stderr and "Building documentation" not in loser.stderr
        assert site_files(project / "site") == expected
        assert leftovers(project / "site") == []
        BuildLock(project / "site").acquire().release()


def test_a_build_while_the_lock_is_held_stops_at_once_and_keeps_the_site(project):
    (project / "site").mkdir()
    (project / "site" / "last-good.txt").write_text("last good build\n")
    with BuildLock(project / "site"):
        result = build(project)
    assert result.returncode != 0
    assert f"{ANOTHER}{os.getpid()}); wait for it to finish, then build again." in result.stderr
    assert "Traceback" not in result.stderr and "Building documentation" not in result.stderr
    assert sorted(p.name for p in (project / "site").iterdir()) == ["last-good.txt"]
    assert leftovers(project / "site") == []
