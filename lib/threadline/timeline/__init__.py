"""EVENTS -> what a reader sees: timeline figures and the HTML pages that hold them.

    lanes    by_thread, real_events, event_lanes, undated   the rows a timeline draws
    hover    hover_text, escape, wrap                        escaped hover labels
    figures  timeline                                        the plotly Figure (pure)
    sample   site_sample                                     what a page shows of a huge table
    pages    write_html, write_site, table, page_id          standalone offline pages
"""

from threadline.timeline.figures import timeline
from threadline.timeline.lanes import UNTHREADED
from threadline.timeline.pages import page_id, write_html, write_site

__all__ = ["UNTHREADED", "page_id", "timeline", "write_html", "write_site"]
