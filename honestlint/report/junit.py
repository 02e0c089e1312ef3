"""Stage 5 (output): the `junit` report: JUnit XML, one testsuite per input file, for CI systems
that show test results."""
from __future__ import annotations

import collections
import re
import tempfile
from typing import TYPE_CHECKING, Iterable, Iterator

from ..core.finding import Finding
from .base import StreamingReporter
from .sources import display_path

if TYPE_CHECKING:
    from ..core.listing import InputError

# Characters XML 1.0 cannot hold, not even as character references.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text) -> str:
    return _XML_INVALID.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def junit_failure_lines(f: Finding) -> list[str]:
    """The text of a finding's JUnit <failure>: where, what, the fact, the fix, the copy."""
    detail = [f"{display_path(f.file)}:{f.line}:{f.column}: {f.severity} {f.rule} [{f.category}] {f.field}",
              f.message]
    if f.fact_field:
        at = f" (line {f.fact_line}, column {f.fact_column})" if f.fact_line else ""
        detail.append(f"fact: {f.fact_field}{at}")
    if f.suggestion:
        detail.append(f"suggestion: {f.suggestion}")
    detail.append(f"text: {f.text}")
    return detail


class _ListingNames:
    """The listings read, by file: a ListingLog (run/store.py) as it is, or Listing objects (or anything
    with .file and .id) grouped here."""

    def __init__(self, sources):
        if sources is not None and hasattr(sources, "ids") and hasattr(sources, "files"):
            self._log = sources
            self.files = list(sources.files)
            return
        self._log = None
        self._by_file: dict[str, list[str]] = {}
        for listing in sources or ():
            self._by_file.setdefault(listing.file, []).append(listing.id)
        self.files = list(self._by_file)

    def ids(self, file: str) -> Iterable[str]:
        return self._log.ids(file) if self._log is not None else self._by_file.get(file, ())

    def __bool__(self) -> bool:
        return bool(self.files)


def _xml_element(tag: str, attrs: list[tuple[str, str]], text: str | None = None, children=()):
    import xml.etree.ElementTree as ET

    element = ET.Element(tag)
    for key, value in attrs:
        element.set(key, value)
    element.text = text
    for child in children:
        element.append(child)
    return element


def _xml_start_tag(tag: str, attrs: list[tuple[str, str]]) -> str:
    """`<tag a="..." ...>`, escaped exactly as ElementTree escapes attributes."""
    import xml.etree.ElementTree as ET

    empty = ET.tostring(_xml_element(tag, attrs), encoding="unicode")  # '<tag ... />'
    return empty[:-3] + ">"


def _xml_case(attrs: list[tuple[str, str]], child: tuple[str, list, str] | None = None) -> str:
    """A <testcase> as ET.indent() lays it out at depth 2 of the document."""
    import xml.etree.ElementTree as ET

    if child is None:
        return ET.tostring(_xml_element("testcase", attrs), encoding="unicode")
    tag, child_attrs, text = child
    inner = _xml_element(tag, child_attrs, text)
    inner.tail = "\n    "
    case = _xml_element("testcase", attrs, "\n      ", [inner])
    return ET.tostring(case, encoding="unicode")


class JunitReporter(StreamingReporter):
    """JUnit XML with one <testsuite> per input file. Each finding is a failing <testcase>
    named `LISTING / RULE / FIELD` (classname `honestlint.CATEGORY`); each listing without
    findings is one passing <testcase> named after the listing (classname `honestlint.listing`).
    Input errors are <testcase>s with an <error> in a last suite named `input errors`."""

    name = "junit"
    wants_listing_ids = True  # names every listing, flagged or not

    def stream(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
               rules=(), sources=None) -> Iterator[str]:
        """The JUnit document in pieces, byte for byte what ElementTree with ET.indent writes for
        the whole tree. Suite and root tags carry counts, so each file's test cases are written to
        a spooled temporary file first (a file's findings come together, sorted) and the document
        is assembled once every count is known; only one file's names are held at a time."""
        names = _ListingNames(sources)
        spool = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+b")
        # file -> [tests, failures, start, end]: a file's cases are written one after another (its
        # findings, then its clean listings), so they are one range of the spool.
        suites: dict[str, list] = {}
        finding_files: list[str] = []

        def start(file: str) -> None:
            suites[file] = [0, 0, spool.tell(), spool.tell()]

        def write(file: str, pieces: list[str]) -> None:
            if pieces:
                spool.write("".join(pieces).encode("utf-8"))
                suites[file][3] = spool.tell()

        def clean_cases(file: str, flagged: set) -> None:
            pieces: list[str] = []
            clean_names: collections.Counter = collections.Counter()
            for listing_id in names.ids(file):
                if listing_id in flagged:
                    continue
                clean_names[listing_id] += 1
                name = listing_id if clean_names[listing_id] == 1 else f"{listing_id} #{clean_names[listing_id]}"
                pieces.append("\n    " + _xml_case([("classname", "honestlint.listing"), ("name", _xml_text(name)),
                                                     ("file", _xml_text(display_path(file)))]))
                suites[file][0] += 1
                if len(pieces) >= 1024:
                    write(file, pieces)
                    pieces = []
            write(file, pieces)

        current: str | None = None
        flagged: set = set()
        case_names: collections.Counter = collections.Counter()
        total_findings = 0
        for f in findings:
            total_findings += 1
            if f.file != current:
                if current is not None:
                    clean_cases(current, flagged)
                current, flagged, case_names = f.file, set(), collections.Counter()
                start(current)
                finding_files.append(current)
            flagged.add(f.listing)
            name = f"{f.listing} / {f.rule} / {f.field}"
            case_names[name] += 1
            if case_names[name] > 1:
                name += f" #{case_names[name]}"
            detail = junit_failure_lines(f)
            case = _xml_case(
                [("classname", _xml_text(f"honestlint.{f.category}")), ("name", _xml_text(name)),
                 ("file", _xml_text(display_path(f.file))), ("line", str(f.line))],
                ("failure", [("message", _xml_text(f.message)), ("type", _xml_text(f.severity))],
                 _xml_text("\n".join(detail))))
            write(current, ["\n    " + case])
            suites[current][0] += 1
            suites[current][1] += 1
        if current is not None:
            clean_cases(current, flagged)
        for file in names.files:
            if file not in suites:
                start(file)
                clean_cases(file, set())

        known = set(names.files)
        files = list(names.files) + [file for file in finding_files if file not in known]
        # Each suite: (name, tests, failures, errors, cases) where cases is the (start, end) of its
        # test cases in the spool, a count of numbered "listing N" cases (no listing names were
        # handed over), or None for the input errors.
        layout: list[tuple] = []
        totals: collections.Counter = collections.Counter()
        for file in files:
            tests, failures, begin, end = suites[file]
            layout.append((display_path(file), tests, failures, 0, (begin, end)))
            totals.update(tests=tests, failures=failures)
        if not names and not total_findings:
            # No listing objects were handed over: still say how many listings passed.
            layout.append(("honestlint", listings, 0, 0, listings))
            totals.update(tests=listings)
        if errors:
            layout.append(("input errors", len(errors), 0, len(errors), None))
            totals.update(tests=len(errors), errors=len(errors))

        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        root_attrs = [("name", "honestlint"), ("tests", str(totals["tests"])), ("failures", str(totals["failures"])),
                      ("errors", str(totals["errors"]))]
        if not layout:
            yield _xml_empty_tag("testsuites", root_attrs) + "\n"
            return
        yield _xml_start_tag("testsuites", root_attrs)
        for name, tests, failures, errs, cases in layout:
            attrs = [("name", _xml_text(name)), ("tests", str(tests)), ("failures", str(failures)),
                     ("errors", str(errs)), ("skipped", "0")]
            if cases == 0 or (isinstance(cases, tuple) and cases[0] == cases[1]):  # no test cases
                yield "\n  " + _xml_empty_tag("testsuite", attrs)
                continue
            yield "\n  " + _xml_start_tag("testsuite", attrs)
            if cases is None:  # the input errors
                for e in errors:
                    where = e.file + (f":{e.line}" if e.line else "") + (f":{e.column}" if e.line and e.column else "")
                    case_attrs = [("classname", "honestlint.input"), ("name", _xml_text(display_path(e.file))),
                                  ("file", _xml_text(display_path(e.file)))]
                    if e.line:
                        case_attrs.append(("line", str(e.line)))
                    yield "\n    " + _xml_case(case_attrs, ("error", [("message", _xml_text(e.message)),
                                                                    ("type", "InputError")],
                                                          _xml_text(f"{where}: error: {e.message}")))
            elif isinstance(cases, int):
                for n in range(1, cases + 1):
                    yield "\n    " + _xml_case([("classname", "honestlint.listing"), ("name", f"listing {n}")])
            else:
                yield from _spooled(spool, *cases)
            yield "\n  </testsuite>"
        yield "\n</testsuites>\n"
        spool.close()


junit_report = JunitReporter()


def _spooled(spool, begin: int, end: int) -> Iterator[str]:
    """The UTF-8 text between two offsets of a spool, in blocks."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    spool.seek(begin)
    while begin < end:
        block = spool.read(min(1 << 20, end - begin))
        begin += len(block)
        yield decoder.decode(block, final=begin >= end)


def _xml_empty_tag(tag: str, attrs: list[tuple[str, str]]) -> str:
    import xml.etree.ElementTree as ET

    return ET.tostring(_xml_element(tag, attrs), encoding="unicode")
