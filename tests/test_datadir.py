"""The game finds its data beside the code in a checkout, or under <prefix>/share after a plain install."""

from __future__ import annotations

from pathlib import Path

from game.datadir import SHARE, data_dir


def test_the_checkout_comes_first(tmp_path: Path) -> None:
    (tmp_path / "repo" / "scenarios").mkdir(parents=True)
    (tmp_path / "prefix" / "share" / SHARE / "scenarios").mkdir(parents=True)
    assert data_dir("scenarios", checkout=tmp_path / "repo", prefixes=(str(tmp_path / "prefix"),)) == tmp_path / "repo" / "scenarios"


def test_an_installed_copy_is_found_without_a_checkout(tmp_path: Path) -> None:
    shared = tmp_path / "prefix" / "share" / SHARE / "assets"
    shared.mkdir(parents=True)
    assert data_dir("assets", checkout=tmp_path / "repo", prefixes=(str(tmp_path / "nothing"), str(tmp_path / "prefix"))) == shared


def test_with_neither_the_checkout_path_is_named(tmp_path: Path) -> None:
    assert data_dir("calibration", checkout=tmp_path / "repo", prefixes=()) == tmp_path / "repo" / "calibration"
