"""xent_ref: cross-entropy, derived and executed (placeholder while the package is written)."""

__version__ = "0.1.0"
