"""Conflict threads without a spec: sparse feature vectors, blocked neighbours, centroid linkage.

Every event becomes a bag of typed features: its actors, weapons and places (``a:``, ``w:``,
``p:``), its two sides (``s:``, who fights whom, whichever acted) and admin-1 region (``r:``),
the names and salient words of its sentence (``n:``, ``k:``; generic words, listed in
resources/en/threads/generic.yaml, are left out), its country (``c:``) and the month and year
it happened (``t:``, weak). Features are weighted by kind and by IDF, so ubiquitous ones
("Syria", "Israel") count for little, and each vector has unit length. Two events are similar
by (1 - same_article) x their cosine + same_article if one article reports both (``d:``).

Neighbours are found by blocking: each event's heaviest features held by at most ``max_df``
events propose candidates, and each event keeps its ``neighbours`` most similar ones (exact
similarity), so the work grows with n x neighbours, not n^2. Centroid linkage over that graph
(a lazy heap; clusters keep their heaviest features) merges the two linked clusters whose
summed vectors have the highest cosine until it falls below ``threshold``. Clusters of at
least ``min_events`` events (and ``min_share`` of all, and ``min_root`` x the square root of
their number) are threads; close threads merge; an article of that many reports none of
which is in a thread is a thread of its own (a story unlike the rest, not scattered by faint
resemblances); a smaller cluster joins, whole,
the thread its summed vector is closest to (``gather``). A cluster's summed vector weighs each
event by its article's share in it (``article_damping``), and its similarity to another adds
the cosine of their features and the cosine of their article counts, each normalised on its
own: one long article neither outvotes a thread's other articles nor, by its many reports,
pulls two threads together. Any other event joins the
thread it is most similar to if that reaches ``threshold`` (through its neighbours) or
``absorb`` (to the thread's centroid, with its article-mates), and an event also belongs
to a further thread when its similarity there is at least ``second`` x its best. Labels
name what sets a thread apart, from the events' columns (its sides or actor, its place, its
event type or weapon; never a sentence's names or words), each with its reason.
Everything is ordered by event_id: deterministic.

    options     AutoThreadOptions                    the tunables
    features    event_features, tfidf_vectors        typed feature bags and their vectors
    neighbours  neighbour_pairs                      candidate pairs by blocking
    linkage     centroid_linkage, merge_threads      the clustering
    levels      linked_levels                        clusters of clusters
    gather      gather_small                         small clusters joining threads whole
    labels      thread_labels, is_generic            thread labels, ids and their reasons
    names       short_actor                          ACLED actor names as a label shows them
    assign      auto_threads                         events -> thread columns
"""

from threadline.threads.auto.assign import auto_threads
from threadline.threads.auto.features import IDF_FLOOR as IDF_FLOOR
from threadline.threads.auto.features import KIND_WEIGHTS as KIND_WEIGHTS
from threadline.threads.auto.features import event_features
from threadline.threads.auto.labels import is_generic
from threadline.threads.auto.options import AutoThreadOptions

__all__ = ["AutoThreadOptions", "auto_threads", "event_features", "is_generic"]
