"""A site's plant diagrams: SVG files drawn in any editor, bound to points by id or attribute.

```toml
[[sites.diagrams]]
name = "Single-line diagram"
file = "plant-single-line.svg"   # beside the site file; a bare name may also be a shipped diagram
```

In the SVG, an element is bound to a point of the site (``device/quantity``):

* ``data-point="main-meter/active_power"`` on a ``<text>``: shows the live value and unit;
* ``data-state="genset/running"`` on a shape: filled with ``data-on-fill`` while the value is
  1 (a closed breaker, a running machine) and ``data-off-fill`` while it is 0;
* ``data-alarm="hall-sensor/vibration_rms"`` on any element: outlined in the priority's colour
  while an alarm on that point stands (dashed while unacknowledged);
* an element whose ``id`` is ``device/quantity`` is bound as if it had ``data-point``.

Any bound element opens its point's trend when clicked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from app.site.strict_model import Strict

SHIPPED = Path(__file__).resolve().parent.parent.parent / "resources" / "diagrams"


class Diagram(Strict):
    name: Annotated[str, Field(min_length=1)]
    file: Path


def diagram_path(diagram: Diagram, site_folder: Path | None) -> Path:
    """The diagram's file: beside the site file, else (a bare name) one shipped with Wattkeeper."""
    if diagram.file.is_absolute():
        return diagram.file
    beside = (site_folder or Path.cwd()) / diagram.file
    if beside.is_file() or diagram.file.parent != Path("."):
        return beside
    shipped = SHIPPED / diagram.file
    return shipped if shipped.is_file() else beside
