"""SVG snapshots of the read-aloud view, the reminder card, every quiet prompt and the care
pause, at 80x24 and 120x40. Update with: make test PYTEST_ARGS=--snapshot-update"""

from __future__ import annotations

import pytest

from tests.care_scenes import CARE_SCENES
from tests.pilots import SIZES, scene_then_redraw


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("scene", sorted(CARE_SCENES))
def test_calm_screens(snap_compare, make_app, clock, scene, size):
    assert snap_compare(make_app(), terminal_size=SIZES[size],
                        run_before=scene_then_redraw(CARE_SCENES[scene], clock))
