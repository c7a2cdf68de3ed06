"""Atomic output: readable like a normal file, never over an input."""

import os
import stat

import pytest

from samosa.source.files import write_atomic
from samosa.source.problems import UsageError


def test_written_file_has_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "r.txt", "hej")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.txt").stat().st_mode) == 0o644
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == "hej"


def test_refuses_input_and_leaves_no_temp_file(tmp_path):
    src = tmp_path / "org.yaml"
    src.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        write_atomic(src, "y", inputs=(src,))
    assert src.read_text(encoding="utf-8") == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.yaml"]
