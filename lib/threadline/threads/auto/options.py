"""The tunables of automatic threading in one frozen dataclass, shared by every step."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AutoThreadOptions:
    """Tunables of automatic threading; the defaults suit 50 to 50,000 events."""

    #: Least cosine between two clusters' summed vectors (or an event and a thread) to join.
    threshold: float = 0.28
    #: Weight of "same article" in a pair's similarity; the rest is the features' cosine. A
    #: fixed share, not an IDF weight, which would let the article swamp everything at scale.
    same_article: float = 0.1
    #: An event joins a further thread when its similarity there is >= second x its best.
    second: float = 0.7
    #: Features held by more events than this propose no candidate pairs (blocking); they still
    #: count in the similarity of the candidates.
    max_df: int = 200
    #: Candidate neighbours kept per event.
    neighbours: int = 20
    #: Shortest sentence word used as a keyword feature.
    min_word: int = 5
