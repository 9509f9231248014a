"""The version of threadline (one home, read by the package root and the shard manifests)."""

__version__ = "0.1.0"
