"""Stage 1: reading listings with positions. A reader per format (JSON, JSON Lines, the
Shopify product CSV export; formats.FORMATS is the registry, by file suffix), the JSON position
index that finds the line and column of any character as written, and the field mapping of
other platforms' exports."""
from __future__ import annotations

from .reader import (InvalidListing, expand_paths, listings_from_objects, load, load_file, parse, records,
                     records_from_text, Record)

__all__ = ["InvalidListing", "Record", "expand_paths", "listings_from_objects", "load", "load_file", "parse", "records",
           "records_from_text"]
