"""facet-review: chart evidence against Medicare facet-intervention coverage criteria."""

__version__ = "0.1.0"
