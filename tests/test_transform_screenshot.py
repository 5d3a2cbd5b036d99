"""The HTML edition renders in a real browser: a headless Chromium screenshot is not blank."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from teipipe.transform import transform_paths
from transform_support import TRANSCRIPT

PIL = pytest.importorskip("PIL.Image", reason="Pillow is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAPER = (0xFF, 0xFD, 0xF8)  # teipipe.css --paper: proves the CSS was applied


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_phone_screenshot_shows_the_page(tmp_path: Path) -> None:
    (page,) = transform_paths([TRANSCRIPT], "html", tmp_path).written
    shot = tmp_path / "shot.png"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=412,900", f"--screenshot={shot}", page.output.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    image = PIL.open(shot).convert("RGB")
    assert image.size == (412, 900)
    assert image.getpixel((2, 2)) == PAPER
    colours = image.getcolors(maxcolors=412 * 900)
    assert colours is not None
    inked = sum(count for count, pixel in colours if sum(pixel) < 3 * 128)
    # text covers a few percent of a page of prose; a blank or unstyled error page does not
    assert 0.02 < inked / (412 * 900) < 0.5
    # and the text is not one colour: ink, accent (note calls, classification), muted grey
    assert len(colours) > 50
