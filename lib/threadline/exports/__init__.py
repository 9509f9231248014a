"""EVENTS and MENTIONS -> files other tools read: Parquet, ACLED-style CSV, TimelineJS, TimeML.

    files        to_acled, event_date, to_timeml, write_event_files, write_exports
    timelinejs   to_timelinejs, thread_timelinejs, headline (TimelineJS 3 JSON)
    spreadsheet  spreadsheet_safe (bounded cells, no formula injection)
    images       write_image (static PNG/SVG/PDF of any figure, through kaleido)
"""

from threadline.exports.files import (
    event_date,
    to_acled,
    to_timeml,
    write_event_files,
    write_exports,
    write_thread_timelines,
)
from threadline.exports.images import write_image
from threadline.exports.spreadsheet import spreadsheet_safe
from threadline.exports.timelinejs import headline, thread_timelinejs, to_timelinejs

__all__ = [
    "event_date",
    "headline",
    "spreadsheet_safe",
    "thread_timelinejs",
    "to_acled",
    "to_timelinejs",
    "to_timeml",
    "write_event_files",
    "write_exports",
    "write_image",
    "write_thread_timelines",
]
