"""Generated corpora for the benchmarks: variations of the repository's raw/*.txt.

The day of the month, the numbers in the text and the order of two long paragraphs (never
ones holding footnote markers or opening a speaker's turn, so every variation still encodes
cleanly) are varied, and a closing line makes every file unique.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: A footnote marker, "(1)": paragraphs holding one stay where their notes are.
MARKER = re.compile(r"\(\d{1,3}\)")
#: A speaker label opening a turn of a transcript: such paragraphs stay in their turn.
SPEAKER = re.compile(r"[A-Z]{2,}\b")


def write_variations(folder: Path, count: int, pattern: str = "*.txt") -> int:
    """Write `count` variations of raw/*.txt: the day of the month, the numbers in the text
    and the order of two long paragraphs (without footnote markers) varied, and a closing
    line; return their total size in bytes."""
    samples = [p.read_text(encoding="utf-8") for p in sorted((REPO / "raw").glob(pattern))]
    rng = random.Random(1962)
    total = 0
    for i in range(count):
        lines = samples[i % len(samples)].split("\n")
        day = rng.randint(1, 28)
        lines = [line.replace(" 23,", f" {day},", 1) for line in lines]
        body = [k for k, line in enumerate(lines)
                if k > 3 and len(line) > 200 and not MARKER.search(line) and not SPEAKER.match(line)
                and not line[0].isdigit()]
        if len(body) > 1:
            a, b = rng.sample(body, 2)
            lines[a], lines[b] = lines[b], lines[a]
            lines[a] = re.sub(r"\b(\d{2,4}) (ships|missiles|men|miles)\b",
                              lambda m: f"{rng.randint(10, 999)} {m.group(2)}", lines[a])
        data = "\n".join(lines).encode("utf-8") + f"\n\nVariation {i}.\n".encode()
        (folder / f"doc{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total
