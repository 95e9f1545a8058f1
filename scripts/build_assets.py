"""Copy the front-end files we serve from node_modules into the static folder.

Run by `make assets` after `npm ci`. Only these files are served; nothing comes from a CDN.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "signaalroute" / "static" / "vendor"
FILES = {
    "@utrecht/component-library-css/dist/index.css": "utrecht/index.css",
    "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css": "tokens/theme.css",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    # The map of risk locations; the list beside it works without (docs/locations.md).
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
    "leaflet/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
    "leaflet/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
    "leaflet/dist/images/layers.png": "leaflet/images/layers.png",
    "leaflet/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
}


def main() -> int:
    missing = [src for src in FILES if not (ROOT / "node_modules" / src).is_file()]
    if missing:
        print("Missing in node_modules (run `npm ci` first):", *missing, sep="\n  ")
        return 1
    for src, dest in FILES.items():
        target = VENDOR / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "node_modules" / src, target)
        print(f"static/vendor/{dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
