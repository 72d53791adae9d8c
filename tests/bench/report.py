"""Benchmarks of ``roomtui report`` and the review's Trends view (issue #17) at 10 and
1,000 weekly meetings. Both open every meeting file of the period (a report counts what
happened in each), so the goal is a cost linear in the meetings, about 1 ms each, rather
than the 12 ms each it cost while every file was looked up in the whole index again.

``report_*_ms``: the report built and written as Markdown, in the process (no start-up).
``trends_*_ms``: the figures behind the Trends view's charts for the group.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.bench.review import _library, _median_ms


def report_at_scale() -> dict[str, float]:
    from roomtui.records import report, trends

    out: dict[str, float] = {}
    for count in (10, 1000):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "data"
            _library(root, count)
            made = report.build(root, every=True)
            assert len(made.rows) == count
            group = report.GroupBook(root / "groups.json", readonly=True).all()[0]
            shown = trends.group_trends(root, group["id"], group["name"]).points
            assert len(shown) == min(count, trends.LIMIT)
            out[f"report_{count}_ms"] = _median_ms(
                lambda: report.render(report.build(root, every=True), "md"), 3)
            out[f"trends_{count}_ms"] = _median_ms(
                lambda: trends.group_trends(root, group["id"], group["name"]).points, 3)
    out["report_1000_per_meeting_ms"] = out["report_1000_ms"] / 1000
    return out
