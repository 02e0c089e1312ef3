"""`honestlint server`: diagnostics in the editor, over the Language Server Protocol (pygls).

Listing files (JSON, JSON Lines) are linted as they are opened and edited, with the
configuration nearest to each file, as the command line would lint it; each finding becomes a
diagnostic, and its fix a code action (safe fixes preferred, unsafe ones labelled as such),
plus a "fix all safe" source action.

Positions: a finding counts 1-based lines split at "\\n" and 1-based columns in code points;
LSP counts 0-based lines split at "\\r\\n", "\\r" or "\\n" and characters in the code units of
the negotiated encoding (UTF-16 unless the client offers another). `PositionMap` converts.
"""
from __future__ import annotations

import asyncio
import logging
import os
import re
import traceback
from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .core.finding import SAFE, Finding
from .core.version import __version__
from .core.listing import InputError, InputWarning
from .input.formats import LISTING_SUFFIXES
from .run.failures import RuleFailure
from .run.live import BufferLinter
from .run.options import Options, UsageError

SOURCE = "honestlint"
FIX_ALL_KIND = "source.fixAll.honestlint"
# Seconds of quiet after an edit before the buffer is linted again: typing is not slowed by a
# lint per keystroke, and the diagnostics follow within a moment.
DEBOUNCE_SECONDS = 0.3
# Language ids that editors give JSON Lines buffers (for unsaved buffers, which have no suffix).
JSON_LINES_LANGUAGES = ("jsonl", "jsonlines", "json-lines", "ndjson")

SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}

log = logging.getLogger(__name__)

_LSP_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class PositionMap:
    """Positions of one text, in honestlint's terms and in LSP's."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = str(getattr(encoding, "value", encoding))
        starts = [0]
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._line_starts = starts  # honestlint's lines (jsonpos.SourceText)
        self._lsp_starts = [0] + [m.end() for m in _LSP_LINE_BREAK.finditer(text)]

    def units(self, chunk: str) -> int:
        """How many code units of the negotiated encoding `chunk` takes."""
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(chunk.encode("utf-8", "surrogatepass"))
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(chunk)
        return len(chunk) + sum(1 for ch in chunk if ord(ch) > 0xFFFF)

    def offset(self, line: int, column: int) -> int:
        """The code-point offset of a 1-based line and column (clamped into the text)."""
        line = min(max(line, 1), len(self._line_starts))
        return min(max(self._line_starts[line - 1] + column - 1, 0), len(self.text))

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of honestlint's (line, column)."""
        offset = self.offset(line, column)
        lsp_line = bisect_right(self._lsp_starts, offset) - 1
        return types.Position(line=lsp_line, character=self.units(self.text[self._lsp_starts[lsp_line]:offset]))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(start=self.position(line, column), end=self.position(end_line, end_column))

    def char_range(self, line: int, column: int) -> types.Range:
        """The one character at (line, column), or an empty range at the end of a line."""
        offset = self.offset(line, column)
        width = 1 if offset < len(self.text) and self.text[offset] not in "\r\n" else 0
        return self.range(line, column, line, column + width)


def _plain_range(r: types.Range) -> dict:
    return {"start": {"line": r.start.line, "character": r.start.character},
            "end": {"line": r.end.line, "character": r.end.character}}


def finding_diagnostic(finding: Finding, positions: PositionMap, uri: str, version: int | None) -> types.Diagnostic:
    """The diagnostic of a finding; its `data` holds the fix as LSP edits, so a code action
    needs nothing else (`version`: the document version the edits apply to)."""
    message = finding.message + (f"\n{finding.suggestion}" if finding.suggestion else "")
    related = None
    if finding.fact_field is not None and finding.fact_line is not None:
        related = [types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=positions.char_range(finding.fact_line, finding.fact_column or 1)),
            message=f"fact: {finding.fact_field}")]
    data = None
    if finding.fix is not None:
        data = {"version": version, "fix": {
            "applicability": finding.fix.applicability, "message": finding.fix.message,
            "edits": [{"range": _plain_range(positions.range(e.line, e.column, e.end_line, e.end_column)),
                       "newText": e.raw} for e in finding.fix.edits]}}
    return types.Diagnostic(
        range=positions.range(finding.line, finding.column, finding.end_line, finding.end_column),
        message=message, severity=SEVERITIES.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule, source=SOURCE, related_information=related, data=data)


def error_diagnostic(error: InputError, positions: PositionMap, path: str) -> types.Diagnostic:
    """The diagnostic of an input that could not be read (at the place the parser stopped), a
    duplicate key, or a rule that failed (at the top: its place is in the rule file)."""
    here = error.line is not None and error.file == path and not isinstance(error, RuleFailure)
    where = positions.char_range(error.line, error.column or 1) if here else positions.char_range(1, 1)
    severity = types.DiagnosticSeverity.Warning if isinstance(error, (InputWarning, RuleFailure)) else \
        types.DiagnosticSeverity.Error
    message = error.message if here else str(error)
    return types.Diagnostic(range=where, message=message, severity=severity, source=SOURCE,
                            code="rule-failure" if isinstance(error, RuleFailure) else "input")


def _problem_diagnostic(message: str) -> types.Diagnostic:
    """A problem of the whole run (a configuration or rule pack error), at the top of the file."""
    start = types.Position(line=0, character=0)
    return types.Diagnostic(range=types.Range(start=start, end=start), message=message,
                            severity=types.DiagnosticSeverity.Error, source=SOURCE, code="configuration")


def document_path(uri: str, fs_path: str | None, language_id: str | None) -> str | None:
    """The path a buffer is linted as; None for a document that is no listing file. An unsaved
    buffer has no suffix: its language id says whether it holds JSON Lines."""
    if uri.startswith("file:") and fs_path:
        return fs_path if fs_path.endswith(LISTING_SUFFIXES) else None  # as a directory walk picks them
    if language_id in JSON_LINES_LANGUAGES:
        return "<unsaved>.jsonl"
    return "<unsaved>.json" if language_id in ("json", "jsonc", None) else None


def _edits(fix_data: dict) -> list[types.TextEdit]:
    out = []
    for edit in fix_data["edits"]:
        r = edit["range"]
        out.append(types.TextEdit(
            range=types.Range(start=types.Position(**r["start"]), end=types.Position(**r["end"])),
            new_text=edit["newText"]))
    return out


def _ordered_key(edit: types.TextEdit) -> tuple:
    return (edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character)


def non_overlapping(edits: list[types.TextEdit]) -> list[types.TextEdit]:
    """The edits in document order, less any that overlaps one before it (LSP forbids
    overlapping edits in one change; the next lint offers what is left)."""
    kept: list[types.TextEdit] = []
    for edit in sorted(edits, key=_ordered_key):
        start = (edit.range.start.line, edit.range.start.character)
        if kept and start < (kept[-1].range.end.line, kept[-1].range.end.character):
            continue
        if kept and _ordered_key(edit) == _ordered_key(kept[-1]):
            continue  # the same insertion twice
        kept.append(edit)
    return kept


class HonestlintServer(LanguageServer):
    """The language server: lints open listing buffers (one at a time, off the event loop)
    and answers code actions from what it last published."""

    def __init__(self, options: Options):
        super().__init__("honestlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.options = options
        self.buffer_linter: BufferLinter | None = None
        # One worker: a compiled linter is not shared between threads, and lints queue in order.
        self.lint_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="honestlint-lint")
        self.scheduled: dict[str, asyncio.Task] = {}
        # uri -> (version, diagnostics) last published: what the fix-all action applies.
        self.published: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}

    def linter(self) -> BufferLinter:
        if self.buffer_linter is None:
            roots = []
            try:
                roots = [f.uri for f in self.workspace.folders.values()]
                if self.workspace.root_uri:
                    roots.append(self.workspace.root_uri)
            except RuntimeError:  # no workspace yet (a client that skipped initialize)
                pass
            from pygls.uris import to_fs_path

            paths = [p for p in (to_fs_path(u) for u in roots if u and u.startswith("file:")) if p]
            self.buffer_linter = BufferLinter(self.options, roots=paths)
        return self.buffer_linter

    def schedule(self, uri: str, delay: float) -> None:
        """Lint `uri` after `delay` seconds, instead of any lint of it still waiting."""
        waiting = self.scheduled.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.scheduled[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await self.lint_document(uri)
        except asyncio.CancelledError:
            pass
        finally:
            if self.scheduled.get(uri) is asyncio.current_task():
                del self.scheduled[uri]

    async def lint_document(self, uri: str) -> None:
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return  # closed before its turn came
        path = document_path(uri, document.path, document.language_id)
        if path is None:
            return
        text, version = document.source, document.version
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        diagnostics = await asyncio.get_running_loop().run_in_executor(
            self.lint_pool, self._diagnostics_if_current, text, path, uri, version, encoding)
        if diagnostics is None or not self._current(uri, version):
            return  # closed or edited meanwhile: a newer lint is on its way
        self.published[uri] = (version, diagnostics)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def _current(self, uri: str, version: int | None) -> bool:
        document = self.workspace.text_documents.get(uri)
        return document is not None and document.version == version

    def _diagnostics_if_current(self, text: str, path: str, uri: str, version: int | None, encoding):
        """The diagnostics of a text still in the editor; None for one edited while it waited
        for the lint thread (a big file typed into would otherwise queue a lint per pause)."""
        if not self._current(uri, version):
            return None
        return self._diagnostics(text, path, uri, version, encoding)

    def _diagnostics(self, text: str, path: str, uri: str, version: int | None, encoding) -> list[types.Diagnostic]:
        """Lint one buffer (in the lint thread); never raises."""
        if not text.strip():
            return []  # a new file being written: not yet an error
        positions = PositionMap(text, encoding)
        try:
            result = self.linter().lint(text, path)
        except UsageError as exc:
            return [_problem_diagnostic(f"honestlint: {exc}")]
        except Exception as exc:  # noqa: BLE001 - a rule pack error, or a bug: the server stays up
            from .core.rule import RuleError

            if isinstance(exc, RuleError):
                return [_problem_diagnostic(str(exc))]
            log.error("linting %s failed:\n%s", path, traceback.format_exc())
            return [_problem_diagnostic(f"honestlint: internal error: {type(exc).__name__}: {exc} "
                                        "(a bug in honestlint; please report it with this file)")]
        out = [error_diagnostic(e, positions, path) for e in result.errors]
        out.extend(finding_diagnostic(f, positions, uri, version) for f in result.findings)
        return out

    def forget(self, uri: str) -> None:
        waiting = self.scheduled.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.published.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return []
        only = params.context.only
        wanted = lambda kind: only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)  # noqa: E731
        actions: list[types.CodeAction] = []
        if wanted(types.CodeActionKind.QuickFix):
            seen = set()
            for diagnostic in params.context.diagnostics:
                data = diagnostic.data if diagnostic.source == SOURCE else None
                if not isinstance(data, dict) or "fix" not in data or data.get("version") != document.version:
                    continue  # not ours, no fix, or made for an older text
                fix = data["fix"]
                edits = _edits(fix)
                key = tuple(_ordered_key(e) + (e.new_text,) for e in edits)
                if key in seen:
                    continue  # two rules, one claim, one fix
                seen.add(key)
                safe = fix["applicability"] == SAFE
                title = f"{fix['message']} ({diagnostic.code})" + ("" if safe else " [unsafe fix]")
                actions.append(types.CodeAction(
                    title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=safe,
                    edit=types.WorkspaceEdit(changes={uri: edits})))
        if wanted(FIX_ALL_KIND):
            version, diagnostics = self.published.get(uri, (None, []))
            if version == document.version:
                safe_edits = [edit for d in diagnostics if isinstance(d.data, dict) and "fix" in d.data
                              and d.data["fix"]["applicability"] == SAFE for edit in _edits(d.data["fix"])]
                if safe_edits:
                    actions.append(types.CodeAction(
                        title="honestlint: fix all safe fixes", kind=FIX_ALL_KIND,
                        edit=types.WorkspaceEdit(changes={uri: non_overlapping(safe_edits)})))
        return actions


def make_server(options: Options) -> HonestlintServer:
    server = HonestlintServer(options)

    @server.feature(types.INITIALIZED)
    def initialized(ls: HonestlintServer, params: types.InitializedParams) -> None:
        # Compiling the rules takes seconds: do it before the first document asks for it.
        linter = ls.linter()
        root = linter.roots[0] if linter.roots else os.getcwd()
        ls.lint_pool.submit(linter.prepare, os.path.join(root, "listing.json"))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HonestlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HonestlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: HonestlintServer, params: types.DidSaveTextDocumentParams) -> None:
        from .run.config import CONFIG_NAMES

        saved = params.text_document.uri.rsplit("/", 1)[-1]
        if saved in CONFIG_NAMES:
            # A configuration edited in the editor: every open listing may read differently now.
            for uri in list(ls.workspace.text_documents):
                ls.schedule(uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HonestlintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL_KIND]))
    def code_action(ls: HonestlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: HonestlintServer, params) -> None:
        for task in ls.scheduled.values():
            task.cancel()
        ls.lint_pool.shutdown(wait=False, cancel_futures=True)

    return server


def serve(options: Options, tcp: tuple[str, int] | None = None) -> None:
    """Run the server on standard input and output, or on a TCP port, until the client exits."""
    logging.basicConfig(level=logging.WARNING, format="honestlint server: %(levelname)s: %(message)s")
    server = make_server(options)
    if tcp is None:
        server.start_io()
    else:
        server.start_tcp(*tcp)
