"""The debrief and a handout printed by a real browser (headless Chromium): page counts, nothing overflowing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bloc_game.cli import main

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get install chromium)")

#: The printable width in CSS pixels (96 per inch) with the pages' 12 mm side margins.
PRINT_WIDTH = {"A4": round((210 - 24) / 25.4 * 96), "Letter": round((215.9 - 24) / 25.4 * 96)}

OVERFLOW_PROBE = """<script>
const width = document.documentElement.clientWidth;
const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)
  .map(e => e.tagName + ': ' + (e.textContent || e.getAttribute('alt') || '').slice(0, 60));
document.body.setAttribute('data-overflow', JSON.stringify({width, wide}));
</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--hide-scrollbars", *args], capture_output=True, text=True, timeout=120)


def with_extra(page: Path, extra: str, suffix: str) -> Path:
    """A copy of the page with something added before </body> (the original stays script-free)."""
    copy = page.with_name(f"{page.stem}-{suffix}.html")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", extra + "</body>"), encoding="utf-8")
    return copy


def pdf_pages(page: Path, paper: str) -> int:
    sized = with_extra(page, f"<style>@page {{ size: {paper}; }}</style>", paper)
    pdf = sized.with_suffix(".pdf")
    out = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", sized.as_uri())
    assert pdf.is_file(), out.stderr[-2000:]
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def overflowing(page: Path, paper: str) -> list[str]:
    probe = with_extra(page, OVERFLOW_PROBE, "probe")
    out = chromium(f"--window-size={PRINT_WIDTH[paper]},1200", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    found = re.search(r'data-overflow="([^"]*)"', out.stdout)
    assert found, out.stderr[-2000:]
    data = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert data["width"] == PRINT_WIDTH[paper]
    return data["wide"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from sample_class import write_class

    base = tmp_path_factory.mktemp("print")
    write_class(base / "class")
    assert main(["class", str(base / "class"), "--out", str(base / "debrief")]) == 0
    assert main(["handout", "molotov_1954", "--out", str(base / "handout")]) == 0
    return {"debrief": base / "debrief" / "debrief.html", "handout": base / "handout" / "handout-ussr.html"}


def test_debrief_and_handout_print_on_a4_and_letter_without_overflow(pages: dict[str, Path]) -> None:
    jobs = [(name, paper) for name in pages for paper in ("A4", "Letter")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(jobs, pool.map(lambda job: pdf_pages(pages[job[0]], job[1]), jobs)))
        wide = dict(zip(pages, pool.map(lambda name: overflowing(pages[name], "A4"), pages)))
    assert wide == {"debrief": [], "handout": []}
    # The handout: one sheet per Soviet decision point (each starts a page), the brief before, sources after.
    sheets = pages["handout"].read_text(encoding="utf-8").count('<section class="sheet">')
    for paper in ("A4", "Letter"):
        assert sheets + 1 <= counts[("handout", paper)] <= 2 * sheets + 4, counts
        assert 4 <= counts[("debrief", paper)] <= 20, counts
