"""A bounded memo: the most recently used entries of a map, for results that repeat across a
catalog (the same bullet, promotion or review in many listings). Every stage that remembers
per text uses it, so it lives in core."""
from __future__ import annotations

from collections import OrderedDict


class Memo:
    """A bounded map that forgets the least recently used entry first (an OrderedDict: a
    plain dict's first key is slow to find once many have been deleted before it)."""

    __slots__ = ("entries", "size")

    def __init__(self, size: int):
        self.entries: OrderedDict = OrderedDict()
        self.size = size

    def get(self, key):
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self.entries)
