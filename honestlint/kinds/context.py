"""What rules may look at while checking one listing: its data, its copy fields, the day of the
run, and the facts and copy text asked for more than once. The kinds read it; the engine builds
one per listing."""
from __future__ import annotations

import datetime as _dt

from ..core.listing import Listing
from ..text.field import CopyField, copy_fields
from ..text.tokenize import Tokenizer


class ListingContext:
    """What rules may look at while checking one listing."""

    def __init__(self, listing: Listing, as_of: _dt.date, tokenizer: Tokenizer):
        self.listing = listing
        self.data = listing.data
        self.as_of = as_of
        self.fields = copy_fields(listing.data, tokenizer)
        self._copy_text: str | None = None
        self._facts: dict | None = None

    def facts(self, path, captures: dict) -> list:
        """The facts a fact path names in this listing. Several rules and claims ask for the
        same path (price.current), so a path that reads no capture ({value}) is resolved once;
        the list is shared and only read."""
        if "{" in path.source:
            return path.resolve(self.data, captures)
        if self._facts is None:
            self._facts = {}
        known = self._facts.get(path.source)
        if known is None:
            known = self._facts[path.source] = path.resolve(self.data, captures)
        return known

    def copy_text(self) -> str:
        """All seller copy, normalised, for checks like 'is the gift named anywhere'."""
        if self._copy_text is None:
            self._copy_text = "\n".join(f.text for f in self.fields if f.name != "reviews.text")
        return self._copy_text

    def item_of(self, field: CopyField):
        """The list item (a review, a promotion) that a field belongs to."""
        if len(field.path) == 3:
            items = self.data.get(field.path[0])
            if isinstance(items, list) and field.path[1] < len(items):
                return items[field.path[1]]
        return None
