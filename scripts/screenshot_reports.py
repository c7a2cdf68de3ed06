"""Render every sample organisation's report and take full-page screenshots for reviewers.

    python scripts/screenshot_reports.py [--out DIR] [--width 1200] [SAMPLE.yaml ...]

Writes ``DIR/<sample>.html`` and ``DIR/<sample>.png`` (default DIR: ``build/screenshots``)
using Debian's headless Chromium (``/usr/bin/chromium``, ``apt-get install chromium``).
The browser runs with networking features off and a throw-away profile.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samosa import InputError, evaluate, load_org, load_rules  # noqa: E402
from samosa.report.html import report_html  # noqa: E402
from samosa.source.files import write_atomic  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def screenshot(html_file: Path, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(CHROMIUM),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                html_file.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("samples", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=0, help="window height (default: measured from the page)")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: apt-get install -y chromium", file=sys.stderr)
        return 2
    samples = args.samples or sorted((ROOT / "sample_orgs").glob("*.yaml"))
    args.out.mkdir(parents=True, exist_ok=True)
    book = load_rules()
    for sample in samples:
        try:
            org = load_org(sample)
        except InputError as exc:  # e.g. an inspection file beside the organisations
            print(f"skipping {sample}: not a valid organisation file ({len(exc.problems)} problems)", file=sys.stderr)
            continue
        html = report_html(org, book, evaluate(org, book))
        html_file = args.out / f"{sample.stem}.html"
        write_atomic(html_file, html)
        height = args.height or measure_height(html_file, args.width)
        png = args.out / f"{sample.stem}.png"
        screenshot(html_file, png, args.width, height)
        print(f"{png} ({args.width}×{height})")
    return 0


def measure_height(html_file: Path, width: int) -> int:
    """Full-page height via selenium when it is installed, else a generous fixed height."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return 6000
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory() as profile:
        for flag in FLAGS + [f"--user-data-dir={profile}", f"--window-size={width},1000"]:
            opts.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        try:
            driver.get(html_file.resolve().as_uri())
            return int(driver.execute_script("return document.documentElement.scrollHeight")) + 20
        finally:
            driver.quit()


if __name__ == "__main__":
    sys.exit(main())
