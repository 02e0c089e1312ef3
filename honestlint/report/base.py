"""Stage 5 (output): what a reporter is. A reporter turns findings (and input errors) into the
text of one `--format`.

`report(findings, errors, listings, colour=False, rules=(), sources=None) -> str`:

* `findings` is an iterable of findings in sorted order (`Finding.sort_key`): a list, or the
  run's FindingStore (run/store.py), which may hold more findings than fit in memory and can be read
  more than once. `errors` are the inputs that could not be read, `listings` counts the
  listings read;
* `rules` are the active rules (for formats that describe them, like SARIF);
* `sources` is None, or the `Listing` objects that were read, in order. The command line keeps
  them (they hold the listing data and its raw JSON text) only for a reporter whose
  `wants_sources` is true; a reporter must still work with `sources=None`. A reporter that
  only names listings sets `wants_listing_ids` instead and gets a ListingLog (run/store.py: `files`,
  `ids(file)`), which stays small on any catalog.

`stream(...)` is the same report as a generator of text pieces, which the command line writes
as they come, so that a report on a big catalog is never one string in memory. By default it
is the whole report in one piece; a `StreamingReporter` writes `stream` and gets `report` as
the pieces joined. Calling a reporter is calling its `report`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from ..core.finding import Finding
    from ..core.listing import InputError


class Reporter:
    """One output format. Subclasses set `name` and write `report` (or `stream`)."""

    name: str = ""
    wants_sources: bool = False      # gets the Listing objects read (`sources`)
    wants_listing_ids: bool = False  # gets the (file, id) of every listing read, as a ListingLog
    # The `lang` of messages when neither --lang nor the configuration sets one: "en" for
    # formats machines read, "auto" (each listing's own language) for formats people read.
    default_lang: str = "en"

    def report(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
               rules=(), sources=None) -> str:
        raise NotImplementedError

    def stream(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
               rules=(), sources=None) -> Iterator[str]:
        yield self.report(findings, errors, listings, colour, rules, sources)

    def __call__(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                 rules=(), sources=None) -> str:
        return self.report(findings, errors, listings, colour, rules, sources)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class StreamingReporter(Reporter):
    """A reporter written as a stream; its report is the stream's pieces joined."""

    def report(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
               rules=(), sources=None) -> str:
        return "".join(self.stream(findings, errors, listings, colour, rules, sources))

    def stream(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
               rules=(), sources=None) -> Iterator[str]:
        raise NotImplementedError
