"""`honestlint server`: a real server process driven over stdio with raw JSON-RPC (Content-Length
framing), as an editor drives it; and the conversion between honestlint's positions (1-based
lines split at \\n, 1-based code-point columns) and LSP's (0-based, UTF-16 code units)."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from lsprotocol import types

from honestlint.findings import Edit, Finding, Fix
from honestlint.core.listing import InputError
from honestlint.input import Record, records_from_text
from honestlint.lsp import PositionMap, document_path, finding_diagnostic, non_overlapping
from honestlint.run.live import BufferLinter
from honestlint.run.options import Options

AS_OF = "2026-11-23"
# Waiting for the server's answer: generous, so a loaded machine never fails a test; a
# server that never answers fails it instead of hanging the suite.
WAIT = 120

# A listing written with CRLF line ends, with characters outside the BMP (two UTF-16 units
# each) before the claims on the title's line: 深紫色 contradicts specs.颜色 (a safe fix),
# 全网最低价 is a banned superlative (an unsafe fix, removing it).
LISTING = (
    '{\r\n'
    '  "id": "sku-7",\r\n'
    '  "lang": "zh",\r\n'
    '  "title": "🧥𠀀 新款 深紫色 T恤 全网最低价",\r\n'
    '  "specs": {"颜色": "浅紫色"}\r\n'
    '}\r\n'
)


# --------------------------------------------------------------------------- a raw client


class Client:
    """Speaks JSON-RPC to `python -m honestlint server` over its standard input and output."""

    def __init__(self, cwd: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "honestlint", "server", "--as-of", AS_OF, *args], cwd=cwd,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(cwd / "server.stderr", "wb"))
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None = None):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self._next(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def _next(self, wanted):
        while True:
            message = self.messages.get(timeout=WAIT)
            assert message is not None, "the server closed its output"
            if "method" in message and "id" in message:  # a request of the server's: answer it
                self.send({"id": message["id"], "result": None})
            if wanted(message):
                return message

    def diagnostics(self, uri: str, version: int) -> list[dict]:
        """The diagnostics published for `uri` at `version` (earlier publications skipped)."""
        message = self._next(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == uri and m["params"].get("version") == version)
        return message["params"]["diagnostics"]

    def open(self, uri: str, text: str, language: str = "json") -> list[dict]:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": 1,
                                                              "text": text}})
        return self.diagnostics(uri, 1)


def utf16_position(text: str, offset: int) -> dict:
    """The LSP position of text[offset], counted independently of the server's code."""
    before = text[:offset]
    line = before.count("\n")
    start = before.rfind("\n") + 1
    return {"line": line, "character": len(before[start:].encode("utf-16-le")) // 2}


def utf16_range(text: str, needle: str) -> dict:
    at = text.index(needle)
    return {"start": utf16_position(text, at), "end": utf16_position(text, at + len(needle))}


def offset_of(text: str, position: dict) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[:position["line"]])
    units = lines[position["line"]].encode("utf-16-le")[:2 * position["character"]]
    return start + len(units.decode("utf-16-le"))


def apply(text: str, edits: list[dict]) -> str:
    """The text with LSP TextEdits made (last first, as an editor applies them)."""
    for edit in sorted(edits, key=lambda e: offset_of(text, e["range"]["start"]), reverse=True):
        begin, end = offset_of(text, edit["range"]["start"]), offset_of(text, edit["range"]["end"])
        text = text[:begin] + edit["newText"] + text[end:]
    return text


def by_rule(diagnostics: list[dict]) -> dict[str, dict]:
    return {d["code"]: d for d in diagnostics}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("lsp-workspace")
    (root / "quiet").mkdir()
    (root / "quiet" / "honestlint.toml").write_text('ignore = ["spec-mismatch"]\n', encoding="utf-8")
    (root / "house" / "rules").mkdir(parents=True)
    (root / "house" / "pyproject.toml").write_text(
        '[tool.honestlint]\nrules = ["rules/"]\nselect = ["house-magic"]\n', encoding="utf-8")
    (root / "house" / "rules" / "magic.yaml").write_text(textwrap.dedent("""\
        id: house-magic
        kind: phrase
        category: title-quality
        severity: warning
        languages: [zh]
        summary: 神奇 says nothing about the product
        message: "'{text}' is not a word our catalog uses"
        phrases: [神奇]
        examples:
          fire: [神奇T恤]
          pass: [纯棉T恤]
        """), encoding="utf-8")
    (root / "broken").mkdir()
    (root / "broken" / "honestlint.toml").write_text('selct = ["spec"]\n', encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def client(workspace):
    client = Client(workspace)
    result = client.request("initialize", {"processId": os.getpid(), "rootUri": workspace.as_uri(),
                                           "capabilities": {}, "workspaceFolders": [
                                               {"uri": workspace.as_uri(), "name": "catalog"}]})
    assert result["capabilities"]["positionEncoding"] == "utf-16"
    assert result["capabilities"]["textDocumentSync"]["change"] == types.TextDocumentSyncKind.Incremental
    kinds = result["capabilities"]["codeActionProvider"]["codeActionKinds"]
    assert "quickfix" in kinds and "source.fixAll.honestlint" in kinds
    client.notify("initialized", {})
    yield client
    if client.process.poll() is None:
        client.process.kill()
        client.process.wait()


# --------------------------------------------------------------------------- the protocol


def test_open_publishes_findings_at_utf16_ranges(client, workspace):
    uri = (workspace / "listing.json").as_uri()
    found = by_rule(client.open(uri, LISTING))
    colour = found["spec-colour"]
    # 🧥 and 𠀀 are two UTF-16 units each: counted as code points, 深紫色 would be at 18.
    assert colour["range"] == utf16_range(LISTING, "深紫色")
    assert colour["range"]["start"] == {"line": 3, "character": 20}
    assert colour["severity"] == types.DiagnosticSeverity.Error
    assert colour["source"] == "honestlint"
    assert "浅紫色" in colour["message"]
    fact = colour["relatedInformation"][0]
    assert fact["location"]["uri"] == uri
    assert fact["location"]["range"]["start"] == utf16_position(LISTING, LISTING.index('"浅紫色"'))
    assert fact["message"] == "fact: specs.颜色"
    assert found["absolute-claim-zh-most"]["range"] == utf16_range(LISTING, "全网最低价")


def test_change_updates_the_diagnostics(client, workspace):
    uri = (workspace / "edited.json").as_uri()
    text = LISTING
    assert "spec-colour" in by_rule(client.open(uri, text))
    # An incremental change, as an editor sends it: the colour typed over, after the astral
    # characters on the same line.
    change = {"range": utf16_range(text, "深紫色"), "text": "浅紫色"}
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]})
    text = apply(text, [{"range": change["range"], "newText": "浅紫色"}])
    found = by_rule(client.diagnostics(uri, 2))
    assert "spec-colour" not in found
    assert found["absolute-claim-zh-most"]["range"] == utf16_range(text, "全网最低价")
    # Two quick edits: only the text as last changed counts.
    for version, title in ((3, "深紫色"), (4, "深紫色 深紫色")):
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": text.replace("浅紫色 T恤", title + " T恤")}]})
    text = text.replace("浅紫色 T恤", "深紫色 深紫色 T恤")
    colours = [d for d in client.diagnostics(uri, 4) if d["code"] == "spec-colour"]
    assert len(colours) == 2


def test_quick_fix_applied_removes_the_finding(client, workspace):
    uri = (workspace / "fix.json").as_uri()
    text = LISTING
    diagnostics = client.open(uri, text)
    colour = by_rule(diagnostics)["spec-colour"]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": colour["range"],
        "context": {"diagnostics": [colour], "only": ["quickfix"]}})
    assert len(actions) == 1
    action = actions[0]
    assert action["kind"] == "quickfix" and action["isPreferred"] is True
    assert "浅紫色" in action["title"] and "unsafe" not in action["title"]
    edits = action["edit"]["changes"][uri]
    assert edits == [{"range": utf16_range(text, "深紫色"), "newText": "浅紫色"}]
    # The editor applies the edit and sends it back as a change.
    text = apply(text, edits)
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"range": e["range"], "text": e["newText"]} for e in edits]})
    found = by_rule(client.diagnostics(uri, 2))
    assert "spec-colour" not in found and "absolute-claim-zh-most" in found
    assert '"title": "🧥𠀀 新款 浅紫色 T恤 全网最低价"' in text


def test_unsafe_fix_is_offered_but_labelled(client, workspace):
    uri = (workspace / "unsafe.json").as_uri()
    claim = by_rule(client.open(uri, LISTING))["absolute-claim-zh-most"]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": claim["range"], "context": {"diagnostics": [claim]}})
    quick = [a for a in actions if a["kind"] == "quickfix"]
    assert len(quick) == 1 and quick[0]["isPreferred"] is False and "unsafe" in quick[0]["title"]
    fixed = apply(LISTING, quick[0]["edit"]["changes"][uri])
    assert "全网最低价" not in fixed and json.loads(fixed)["title"].startswith("🧥𠀀 新款 深紫色")


def test_fix_all_applies_the_safe_fixes_only(client, workspace):
    uri = (workspace / "all.json").as_uri()
    text = LISTING.replace("深紫色 T恤", "深紫色 T恤 深紫色")
    assert len([d for d in client.open(uri, text) if d["code"] == "spec-colour"]) == 2
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in actions] == ["source.fixAll.honestlint"]
    text = apply(text, actions[0]["edit"]["changes"][uri])
    assert "深紫色" not in text and "全网最低价" in text  # the removal is unsafe: not applied
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": text}]})
    assert set(by_rule(client.diagnostics(uri, 2))) == {"absolute-claim-zh-most"}


def test_a_fix_for_an_older_text_is_not_offered(client, workspace):
    uri = (workspace / "stale.json").as_uri()
    colour = by_rule(client.open(uri, LISTING))["spec-colour"]
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": "\r\n" + LISTING}]})
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": colour["range"], "context": {"diagnostics": [colour]}})
    assert actions == []  # its ranges would land one line too high
    moved = by_rule(client.diagnostics(uri, 2))["spec-colour"]
    assert moved["range"] == utf16_range("\r\n" + LISTING, "深紫色")


def test_broken_json_is_one_diagnostic_at_the_error(client, workspace):
    uri = (workspace / "broken.json").as_uri()
    text = LISTING.replace('"lang": "zh",', '"lang": "zh"')
    diagnostics = client.open(uri, text)
    assert len(diagnostics) == 1
    (error,) = diagnostics
    assert error["severity"] == types.DiagnosticSeverity.Error and "invalid JSON" in error["message"]
    assert error["range"]["start"] == utf16_position(text, text.index('"title"'))
    # The server is still there, and lints the mended text.
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": LISTING}]})
    assert "spec-colour" in by_rule(client.diagnostics(uri, 2))


def test_json_lines_each_line_its_own(client, workspace):
    uri = (workspace / "catalog.jsonl").as_uri()
    good = json.dumps(json.loads(LISTING), ensure_ascii=False)
    text = f"{good}\n{{\"title\": \n{good}\n"
    diagnostics = client.open(uri, text, language="jsonl")
    colours = [d for d in diagnostics if d["code"] == "spec-colour"]
    assert [d["range"]["start"]["line"] for d in colours] == [0, 2]
    assert colours[0]["range"] == utf16_range(text, "深紫色")
    errors = [d for d in diagnostics if d["code"] == "input"]
    assert len(errors) == 1 and errors[0]["range"]["start"]["line"] == 1


def test_the_nearest_configuration_and_its_rule_pack(client, workspace):
    quiet = by_rule(client.open((workspace / "quiet" / "listing.json").as_uri(), LISTING))
    assert "spec-colour" not in quiet and "absolute-claim-zh-most" in quiet
    house_text = LISTING.replace("新款", "神奇")
    house = client.open((workspace / "house" / "listing.json").as_uri(), house_text)
    assert [d["code"] for d in house] == ["house-magic"]
    assert house[0]["range"] == utf16_range(house_text, "神奇")
    assert house[0]["severity"] == types.DiagnosticSeverity.Warning


def test_a_bad_configuration_is_shown_not_fatal(client, workspace):
    diagnostics = client.open((workspace / "broken" / "listing.json").as_uri(), LISTING)
    assert len(diagnostics) == 1 and "selct" in diagnostics[0]["message"]
    assert diagnostics[0]["range"]["start"] == {"line": 0, "character": 0}


def test_files_that_are_no_listings_get_no_diagnostics(client, workspace):
    assert client.open((workspace / "package.json").as_uri(), '{"name": "shop", "version": "1.0.0"}') == []
    assert client.open((workspace / "node_modules" / "x.json").as_uri(), LISTING) == []


def test_close_clears_and_shutdown_exits(client, workspace):
    uri = (workspace / "closed.json").as_uri()
    assert client.open(uri, LISTING)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    cleared = client._next(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    assert cleared["params"]["diagnostics"] == []
    assert client.request("shutdown") is None
    client.notify("exit", {})
    assert client.process.wait(timeout=WAIT) == 0


def test_bad_tcp_address_is_a_usage_error():
    done = subprocess.run([sys.executable, "-m", "honestlint", "server", "--tcp", "localhost"],
                          capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 2 and "HOST:PORT" in done.stderr and "Traceback" not in done.stderr


# --------------------------------------------------------------------------- positions


@pytest.mark.parametrize("encoding, character", [("utf-16", 3), ("utf-8", 6), ("utf-32", 2)])
def test_columns_in_the_negotiated_code_units(encoding, character):
    # line 2, column 3: the "!" after one astral and one two-byte character
    assert PositionMap("x\n😀é!", encoding).position(2, 3) == types.Position(line=1, character=character)


def test_astral_characters_count_two_utf16_units():
    positions = PositionMap('{"title": "𠀀🧥 最好"}')
    assert positions.position(1, 15) == types.Position(line=0, character=16)  # 最 after 𠀀🧥 and a space
    assert positions.range(1, 15, 1, 17) == types.Range(start=types.Position(line=0, character=16),
                                                        end=types.Position(line=0, character=18))


def test_crlf_and_lone_cr_line_ends():
    text = 'a\r\nb\rc\nd'
    positions = PositionMap(text)
    # honestlint splits at \n only: its line 2 is "b\rc"; LSP also breaks at the lone \r.
    assert positions.position(2, 1) == types.Position(line=1, character=0)
    assert positions.position(2, 3) == types.Position(line=2, character=0)  # "c"
    assert positions.position(3, 1) == types.Position(line=3, character=0)
    assert positions.position(1, 2) == types.Position(line=0, character=1)  # the end of "a"


def test_positions_past_the_text_are_clamped():
    positions = PositionMap("ab\ncd")
    assert positions.position(9, 9) == types.Position(line=1, character=2)
    assert positions.position(2, 99) == types.Position(line=1, character=2)
    assert positions.char_range(1, 3) == types.Range(start=types.Position(line=0, character=2),
                                                     end=types.Position(line=0, character=2))


def test_diagnostic_carries_its_fix_in_lsp_terms():
    text = '{"title": "🧥 深紫色"}'
    fix = Fix("safe", "Replace '深紫色' with '浅紫色'", [Edit(2, 5, "浅紫色", 1, 14, 1, 17, "浅紫色")])
    finding = Finding("spec-colour", "spec-mismatch", "warning", "#1", "title", "f.json", 1, 14, 1, 17, "深紫色",
                      "copy says 深紫色", "use 浅紫色", "specs.颜色", 1, 2, fix=fix)
    diagnostic = finding_diagnostic(finding, PositionMap(text), "file:///f.json", 7)
    # 深 is the 14th code point (index 13); 🧥 before it is two UTF-16 units
    assert diagnostic.range.start.character == 14 and diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.code == "spec-colour" and diagnostic.message == "copy says 深紫色\nuse 浅紫色"
    assert diagnostic.data == {"version": 7, "fix": {"applicability": "safe", "message": fix.message, "edits": [
        {"range": {"start": {"line": 0, "character": 14}, "end": {"line": 0, "character": 17}}, "newText": "浅紫色"}]}}


def test_overlapping_fix_all_edits_keep_the_first():
    def edit(a, b, new):
        return types.TextEdit(range=types.Range(start=types.Position(line=0, character=a),
                                                end=types.Position(line=0, character=b)), new_text=new)

    kept = non_overlapping([edit(5, 8, "c"), edit(0, 3, "a"), edit(2, 4, "b"), edit(0, 3, "a")])
    assert [(e.range.start.character, e.new_text) for e in kept] == [(0, "a"), (5, "c")]


def test_document_types():
    assert document_path("file:///c/a.json", "/c/a.json", "json") == "/c/a.json"
    assert document_path("file:///c/a.ndjson", "/c/a.ndjson", "plaintext") == "/c/a.ndjson"
    assert document_path("file:///c/a.yaml", "/c/a.yaml", "yaml") is None
    assert document_path("untitled:Untitled-1", None, "jsonl") == "<unsaved>.jsonl"
    assert document_path("untitled:Untitled-2", None, "markdown") is None


# --------------------------------------------------------------------------- reading a buffer


def test_records_from_text_keeps_the_buffer_positions():
    (record,) = records_from_text('\ufeff{"title": "x"}', "/c/a.json")
    assert isinstance(record, Record) and record.text.startswith(" {")  # the mark is a space: no shift
    lines = list(records_from_text('{"title": "a"}\r\n\r\n{"title": \n', "/c/a.jsonl"))
    assert [(r.first_line, r.number) for r in lines] == [(1, 1), (3, 2)]
    assert lines[0].text == '{"title": "a"}'
    (empty,) = records_from_text(" \n", "/c/a.json")
    assert isinstance(empty, InputError) and empty.message == "file is empty"


def test_buffer_linter_reads_a_configuration_edited_since(tmp_path):
    (tmp_path / "honestlint.toml").write_text('ignore = ["absolute-claim"]\n', encoding="utf-8")
    text = json.dumps(json.loads(LISTING), ensure_ascii=False, indent=2)
    linter = BufferLinter(Options(as_of=None), roots=[str(tmp_path)])
    path = str(tmp_path / "listing.json")
    assert {f.rule for f in linter.lint(text, path).findings} == {"spec-colour"}
    (tmp_path / "honestlint.toml").write_text('ignore = ["spec"]\n', encoding="utf-8")
    os.utime(tmp_path / "honestlint.toml", ns=(1, 1))  # a new stamp, however fast the rewrite
    assert {f.rule for f in linter.lint(text, path).findings} == {"absolute-claim-zh-most"}


def test_buffer_linter_reads_an_edited_rule_pack(tmp_path):
    (tmp_path / "rules").mkdir()
    rule = tmp_path / "rules" / "magic.yaml"
    rule.write_text("id: house-magic\nkind: phrase\ncategory: title-quality\nseverity: warning\nlanguages: [zh]\n"
                    "summary: s\nmessage: m\nphrases: [神奇]\n", encoding="utf-8")
    (tmp_path / "honestlint.toml").write_text('rules = ["rules/"]\nselect = ["house-magic"]\n', encoding="utf-8")
    linter = BufferLinter(Options(as_of=None))
    path = str(tmp_path / "a.json")
    assert [f.rule for f in linter.lint('{"title": "神奇 好物"}', path).findings] == ["house-magic"]
    rule.write_text(rule.read_text(encoding="utf-8").replace("神奇", "好物"), encoding="utf-8")
    os.utime(rule, ns=(1, 1))
    (finding,) = linter.lint('{"title": "神奇 好物"}', path).findings
    assert finding.text == "好物"
