"""EVENTS -> conflict threads, same-event clusters (columns of EVENTS) and key dates.

    specfile  load_threads                   a user's YAML thread spec, strictly validated
    spec      assign_threads                 spec scores, steering the automatic threads
    steer     steer, spec_of_threads         discovered threads a spec thread mostly claims
    auto/     auto_threads                   threads discovered by sparse feature clustering
    pairs     linked_pairs                   which reports may be one event (ACLED's rule)
    groups    grouped_links                  copies of one report paired once, as a group
    cliques   clique_roots, cluster_reason   clusters in which every pair is linked
    merge     merge_events                   reports of one real event share a cluster
    keydates  key_dates, KEY_DATES           the days a journalist's timeline would keep
    summary   thread_summary                 size, sources and time span of every thread
"""

from threadline.threads.auto import auto_threads
from threadline.threads.keydates import KEY_DATES, key_dates
from threadline.threads.merge import merge_events
from threadline.threads.spec import assign_threads
from threadline.threads.specfile import load_threads
from threadline.threads.summary import thread_summary

__all__ = ["KEY_DATES", "assign_threads", "auto_threads", "key_dates", "load_threads",
           "merge_events", "thread_summary"]
