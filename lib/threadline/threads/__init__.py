"""EVENTS -> conflict threads and same-event clusters (columns of EVENTS).

    spec     load_threads, assign_threads   a user's YAML thread spec, or automatic threads
    auto/    auto_threads                   threads discovered by sparse feature clustering
    merge    merge_events                   reports of one real event share a cluster
"""

from threadline.threads.auto import auto_threads
from threadline.threads.merge import merge_events
from threadline.threads.spec import assign_threads, load_threads

__all__ = ["assign_threads", "auto_threads", "load_threads", "merge_events"]
