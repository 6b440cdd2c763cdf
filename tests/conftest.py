from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def content_tree(tmp_path: Path):
    """Copy of the small valid fixture tree, with an optional broken case laid over it."""

    def make(case: str | None = None) -> Path:
        shutil.copytree(FIXTURES / "valid", tmp_path, dirs_exist_ok=True)
        if case:
            shutil.copytree(FIXTURES / "broken" / case, tmp_path, dirs_exist_ok=True)
        return tmp_path

    return make
