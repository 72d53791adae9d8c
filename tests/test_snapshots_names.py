"""SVG snapshots of picking people in the add prompt. Update with --snapshot-update."""

from __future__ import annotations

from tests.test_names_pilot import circle  # noqa: F401  (the fixture)


def test_add_prompt_with_its_list_80x24(snap_compare, make_app, circle):  # noqa: F811
    async def run_before(pilot):
        await pilot.press("a", *"zoe", "enter")  # Zoë waits, so the list leaves her out
        await pilot.press("a", "tab")
        await pilot.pause()

    assert snap_compare(make_app(group=circle), terminal_size=(80, 24), run_before=run_before)


def test_new_person_question_80x24(snap_compare, make_app, circle):  # noqa: F811
    async def run_before(pilot):
        await pilot.press("a", *"Sorn", "enter")
        await pilot.pause()

    assert snap_compare(make_app(group=circle), terminal_size=(80, 24), run_before=run_before)
