"""Conflict threads without a spec: TF-IDF feature vectors + sparse centroid-linkage clustering.

Every event becomes a bag of typed features: its actors, weapons and places (``a:``, ``w:``,
``p:``), its country (``c:``), salient words of its sentence (``k:``) and the month and year
it happened (``t:``, a weak signal). Features are weighted by kind and by IDF, so ubiquitous
ones ("Syria", "Israel") count for little, and each vector has unit length. Two events are
similar by (1 - same_article) x their cosine + same_article if one article reports both
(``d:``): a fixed share, so the article helps without swamping the content at any scale.

Neighbours are found by blocking: only features held by at most ``max_df`` events propose
candidate pairs, and each event keeps its ``neighbours`` most similar ones, so the work grows
with n x neighbours, not n^2. Centroid linkage over that graph merges the two linked clusters
whose summed vectors have the highest cosine until it falls below ``threshold``. Clusters of
at least ``min_events`` events are threads; any other event joins the thread it is most
similar to, if that reaches ``threshold``, and an event also belongs to a further thread when
its similarity there is at least ``second`` x its best. Labels are the 2-3 most distinctive
actors, weapons or places of a thread (share of its events x IDF), extended or numbered until
unique; ids are ``auto-<slug of label>``. Everything is ordered by event_id: deterministic.

    options     AutoThreadOptions                the tunables
    features    event_features, tfidf_vectors    typed feature bags and their TF-IDF vectors
    neighbours  neighbour_pairs                  candidate pairs by blocking
    linkage     centroid_linkage                 the clustering
    labels      thread_labels                    thread labels and ids
    assign      auto_threads                     events -> thread columns (primary and further)
"""

from threadline.threads.auto.assign import auto_threads
from threadline.threads.auto.features import IDF_FLOOR as IDF_FLOOR
from threadline.threads.auto.features import KIND_WEIGHTS as KIND_WEIGHTS
from threadline.threads.auto.features import event_features
from threadline.threads.auto.labels import LABEL_KINDS as LABEL_KINDS
from threadline.threads.auto.options import AutoThreadOptions

__all__ = ["AutoThreadOptions", "auto_threads", "event_features"]
