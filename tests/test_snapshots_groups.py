"""SVG snapshots: group list, roster editor, attendance, celebration (80x24 and larger)."""

from __future__ import annotations

import pytest

from tests.group_scenes import SCENES
from tests.pilots import SIZES, scene_then_redraw


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("scene", sorted(SCENES))
def test_group_screens(snap_compare, make_app, clock, scene, size):
    assert snap_compare(make_app(), terminal_size=SIZES[size],
                        run_before=scene_then_redraw(SCENES[scene], clock))
