"""EVENTS and MENTIONS -> files other tools read: Parquet, ACLED-style CSV, TimelineJS, TimeML.

    files    to_acled, event_date, to_timelinejs, to_timeml, write_event_files, write_exports
"""

from threadline.exports.files import (
    event_date,
    to_acled,
    to_timelinejs,
    to_timeml,
    write_event_files,
    write_exports,
)

__all__ = [
    "event_date",
    "to_acled",
    "to_timelinejs",
    "to_timeml",
    "write_event_files",
    "write_exports",
]
