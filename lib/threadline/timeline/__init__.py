"""EVENTS -> what a reader sees: timeline figures and the HTML pages that hold them.

    lanes    by_thread, real_events, event_lanes, undated   the rows a timeline draws
    hover    hover_text, escape, wrap                        escaped hover labels
    window   fence, split_far                                where the events are (far-off apart)
    figures  timeline, drawn_marks                           the plotly Figure (pure)
    counts   counts, counts_figure, datawrapper_table        events per period, stacked bars
    map      event_map, located                              events with coordinates on a map
    keydates key_events                                      what a thread page opens on
    sample   site_sample                                     what a page shows of a huge table
    markup   table, page_id, data_island, shell              escaped HTML pieces
    pagedata page_rows, event_table, controls                a site page's filters and table
    assets   write_assets                                    plotly.js, topojson, page script
    site     write_site                                      the offline site
    pages    write_html                                      one standalone offline page
"""

from threadline.timeline.counts import counts, counts_figure
from threadline.timeline.figures import timeline
from threadline.timeline.keydates import key_events
from threadline.timeline.lanes import UNTHREADED
from threadline.timeline.map import event_map
from threadline.timeline.pages import page_id, write_html, write_site

__all__ = ["UNTHREADED", "counts", "counts_figure", "event_map", "key_events", "page_id",
           "timeline", "write_html", "write_site"]
