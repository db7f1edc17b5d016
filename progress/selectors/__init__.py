"""Reads for progress, by concern: the dashboard table and one municipality's page (dashboard),
headline figures, roll-ups and the adoption timeline (figures), and the change log from the
history tables (history)."""

from progress.selectors.dashboard import SORTS, Row, municipality_progress, overview_rows, sort_rows
from progress.selectors.figures import Figures, Quarter, adoption_timeline, progress_figures, progress_rollup
from progress.selectors.history import Change, change_log, comments_between

__all__ = [
    "SORTS",
    "Change",
    "Figures",
    "Quarter",
    "Row",
    "adoption_timeline",
    "change_log",
    "comments_between",
    "municipality_progress",
    "overview_rows",
    "progress_figures",
    "progress_rollup",
    "sort_rows",
]
