"""The tunables of automatic threading in one frozen dataclass, shared by every step."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AutoThreadOptions:
    """Tunables of automatic threading; the defaults suit 50 to 100,000 events."""

    #: Least cosine between two clusters' summed vectors (or an event and a thread) to join.
    threshold: float = 0.28
    #: Weight of "same article" in a pair's similarity; the rest is the features' cosine. A
    #: fixed share, not an IDF weight, which would let the article swamp everything at scale.
    same_article: float = 0.1
    #: An event joins a further thread when its similarity there is >= second x its best.
    second: float = 0.7
    #: Features held by more events than this propose no candidate pairs (blocking); they still
    #: count in the similarity of the candidates.
    max_df: int = 50
    #: Candidate neighbours kept per event.
    neighbours: int = 10
    #: Rare features per event that propose its candidates (its heaviest ones).
    proposers: int = 4
    #: Features kept per cluster vector while linking (the rest are too faint to matter).
    cluster_features: int = 300
    #: Least similarity of an event left out by the linkage to a thread's centroid (mixed with
    #: its article-mates there) for it to join that thread rather than stay unthreaded.
    absorb: float = 0.03
    #: Least cosine of a small cluster's summed vector with a thread's for the cluster to join
    #: that thread whole (`threadline.threads.auto.gather`).
    gather: float = 0.25
    #: Threads whose summed vectors have at least this cosine merge after linking.
    merge: float = 0.5
    #: A thread holds at least this share of the events (and `min_events`), and at least
    #: `min_root` x sqrt(events): in a small corpus a thread is a story told several times,
    #: not any three similar reports, while a large one (where the share rules) may hold more
    #: threads, never more than 1 / min_share.
    min_share: float = 0.0075
    min_root: float = 0.3
    #: Weight of the reports around an event in its article (its paragraph) in its vector.
    context: float = 0.0
    #: Neighbouring reports on each side that make that context.
    window: int = 2
    #: Levels of clusters of clusters above the event-level linkage (`levels`), added while
    #: thread-sized clusters hold less than `coverage` of the events; `settle`: the share of
    #: its clusters a level may leave standing before it is the last.
    levels: int = 3
    coverage: float = 0.5
    settle: float = 0.95
    #: A cluster's summed vector weighs each event by k ** -article_damping, k: the events of
    #: its article in that cluster (0: every event counts once; 1: every article counts once),
    #: so one long article does not outvote the other articles of a thread.
    article_damping: float = 1.0
    #: Shortest sentence word used as a keyword feature.
    min_word: int = 5
