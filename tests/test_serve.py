"""`honestlint serve` over HTTP: the page and its files, the lint API (findings with offsets,
facts and fixes, messages per language), the configuration and rule packs it honours, and the
requests it refuses (another Host or Origin, bad JSON, big bodies) with one-line errors."""
from __future__ import annotations

import datetime
import http.client
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import threading

import pytest

from honestlint import serve
from honestlint.run.options import Options, UsageError

AS_OF = datetime.date(2026, 11, 23)
EXAMPLE = json.loads((pathlib.Path(__file__).parent.parent / "examples" / "listing.json").read_text(encoding="utf-8"))
HEATER = {"title": "家用电暖器 三年质保", "warranty": {"months": 12}}


class Running:
    """A server in a thread, and a client for it."""

    def __init__(self, options: Options, host: str = "127.0.0.1"):
        self.server = serve.make_server(options, host, 0)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.port = self.server.server_address[1]

    def request(self, method: str, path: str, body: bytes | str | dict | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if isinstance(body, dict):
            body = json.dumps(body, ensure_ascii=False)
            headers.setdefault("Content-Type", "application/json")
        if isinstance(body, str):
            body = body.encode("utf-8")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest(method, path, skip_host="Host" in headers)
            if body is not None and "Content-Length" not in headers:
                headers["Content-Length"] = str(len(body))
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        kind = response.getheader("Content-Type", "")
        return response.status, response, json.loads(data) if kind.startswith("application/json") else data

    def lint(self, listing, lang=None):
        status, _, body = self.request("POST", "/api/lint", {"listing": listing, "lang": lang})
        assert status == 200, body
        return body

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def server():
    running = Running(Options(isolated=True, as_of=AS_OF, default_lang="auto"))
    yield running
    running.close()


def by_rule(body, rule):
    found = [f for f in body["findings"] if f["rule"] == rule]
    assert found, f"no {rule} in {[f['rule'] for f in body['findings']]}"
    return found[0]


def apply_edits(value: str, edits) -> str:
    for edit in sorted(edits, key=lambda e: -e["offset"]):
        value = value[:edit["offset"]] + edit["content"] + value[edit["end_offset"]:]
    return value


# --- the page ---------------------------------------------------------------------------------

def test_the_page_and_its_files_are_served_from_package_data(server):
    status, response, page = server.request("GET", "/")
    assert status == 200 and response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert b'<script src="/serve.js"' in page and b'id="title"' in page
    for path, kind, marker in (("/serve.js", "text/javascript", b"/api/lint"), ("/serve.css", "text/css", b".backdrop")):
        status, response, data = server.request("GET", path)
        assert status == 200 and response.getheader("Content-Type").startswith(kind) and marker in data
    # Nothing is loaded from elsewhere, and the page cannot be framed.
    assert "default-src 'self'" in response.getheader("Content-Security-Policy")
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert not re.search(rb"https?://", page + server.request("GET", "/serve.js")[2])


@pytest.mark.parametrize("path", ["/nothing", "/../pyproject.toml", "/serve.py", "/data/lexicon.yaml"])
def test_other_paths_are_not_found(server, path):
    status, _, body = server.request("GET", path)
    assert status == 404 and body["error"].startswith("not found")


def test_info_names_the_default_language_and_the_rules(server):
    status, _, info = server.request("GET", "/api/info")
    assert status == 200
    assert info["lang"] == "auto" and info["config"] is None and info["as_of"] == "2026-11-23"
    assert info["rules"] > 50 and info["languages"] == ["auto", "zh", "zh-Hant", "en"]


# --- linting ----------------------------------------------------------------------------------

def test_lint_gives_offsets_message_fact_and_safe_fix(server):
    body = server.lint(EXAMPLE, "en")
    colour = by_rule(body, "spec-colour")
    title = EXAMPLE["title"]
    assert colour["field"] == "title" and title[colour["offset"]:colour["end_offset"]] == "深紫色"
    assert colour["message"] == "copy says 深紫色 but specs.颜色 is 浅紫色"
    assert colour["fact_field"] == "specs.颜色" and colour["fact_value"] == "浅紫色"
    assert colour["fix"]["applicability"] == "safe"
    assert colour["fix"]["edits"] == [{"offset": 7, "end_offset": 10, "content": "浅紫色"}]
    # File positions mean nothing to a page that holds the copy, not a file.
    assert "line" not in colour and "file" not in colour


def test_offsets_count_code_points_in_bullets_and_html_descriptions(server):
    listing = {"title": "Bottle 🍶 set", "bullets": ["Gift box", "🎁🎁 全网最低价 today"],
               "description": "<p>Made &amp; sold by us. <b>全网最低价</b></p>"}
    body = server.lint(listing, "en")
    for finding in body["findings"]:
        value = listing["description"] if finding["field"] == "description" else \
            listing["bullets"][int(finding["field"][8:-1])] if finding["field"].startswith("bullets") else None
        if value is not None and finding["offset"] is not None:
            assert value[finding["offset"]:finding["end_offset"]] == finding["text"], finding
    fields = {f["field"] for f in body["findings"] if f["category"] == "absolute-claim"}
    assert fields == {"bullets[1]", "description"}


def test_a_fact_that_is_a_container_or_missing_has_no_value():
    listing = {"specs": {"颜色": "红"}, "promotions": [{"reward": {"type": "points"}}]}
    assert serve.fact_value(listing, "specs.颜色") == "红"
    assert serve.fact_value(listing, "promotions[0].reward.type") == "points"
    assert serve.fact_value(listing, "promotions[0].reward") is None
    assert serve.fact_value(listing, "promotions[3].reward.type") is None
    assert serve.fact_value(listing, "gifts") is None and serve.fact_value(listing, None) is None


def test_applying_the_fix_and_linting_again_clears_the_finding(server):
    before = by_rule(server.lint(HEATER), "warranty-duration-zh")
    fixed = apply_edits(HEATER["title"], before["fix"]["edits"])
    assert fixed == "家用电暖器 一年质保"
    after = server.lint(dict(HEATER, title=fixed))
    assert not [f for f in after["findings"] if f["rule"] == "warranty-duration-zh"]


def test_messages_follow_the_listing_or_the_language_asked_for(server):
    auto = server.lint(HEATER)
    assert auto["lang"] == "auto"
    assert by_rule(auto, "warranty-duration-zh")["message"].startswith("「三年质保」承诺质保")
    assert by_rule(auto, "warranty-duration-zh")["fix"]["message"] == "将「三年」改为「一年」"
    english = by_rule(server.lint(HEATER, "en"), "warranty-duration-zh")
    assert english["message"].startswith("'三年质保' promises a warranty") and english["fix"]["message"] == "Replace '三年' with '一年'"
    traditional = by_rule(server.lint(HEATER, "zh-Hant"), "warranty-duration-zh")
    assert traditional["message"].startswith("「三年质保」承諾保固")


def test_a_listing_that_cannot_be_linted_is_422_with_the_reason(server):
    status, _, body = server.request("POST", "/api/lint", {"listing": {"title": "x", "bullets": "one"}})
    assert status == 422 and body == {"error": "not a valid listing: bullets must be a list, not str"}
    status, _, body = server.request("POST", "/api/lint", {"listing": {}})
    assert status == 422 and body["error"] == "not a valid listing: listing has no title"


# --- refused requests -------------------------------------------------------------------------

@pytest.mark.parametrize("body, status, words", [
    ("{bad", 400, "the request is not JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
    ("[1, 2]", 400, "the request must be a JSON object"),
    ('{"listing": "title"}', 400, "the request needs 'listing', a listing object"),
    ('{"listing": {"title": "x"}, "lang": "fr"}', 400, "'lang' must be one of auto, zh, zh-Hant, en, not 'fr'"),
    (b'{"listing": {"title": "\xff"}}', 400, "the request is not UTF-8"),
    ("[" * 100_000 + "]" * 100_000, 400, "the request is nested too deeply"),
])
def test_bad_requests_get_400_and_one_line(server, body, status, words):
    got, _, answer = server.request("POST", "/api/lint", body, {"Content-Type": "application/json"})
    assert got == status and answer == {"error": words}


def test_only_json_is_taken(server):
    # A form or text/plain POST is what another site can send without asking the browser first.
    status, _, body = server.request("POST", "/api/lint", '{"listing": {"title": "x"}}', {"Content-Type": "text/plain"})
    assert status == 415 and body["error"] == "send the request as application/json"


def test_a_body_over_the_cap_is_refused_unread(server):
    status, _, body = server.request("POST", "/api/lint", b"",
                                     {"Content-Type": "application/json", "Content-Length": str(serve.MAX_BODY_BYTES + 1)})
    assert status == 413 and "larger than" in body["error"]


def test_methods_and_paths_that_do_not_fit(server):
    assert server.request("GET", "/api/lint")[0] == 405
    assert server.request("POST", "/", {"listing": HEATER})[0] == 405
    assert server.request("POST", "/api/other", {"listing": HEATER})[0] == 404


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1", "localhost.evil.example:{port}", ""])
def test_another_host_header_is_refused(server, host):
    # DNS rebinding: a page at evil.example whose name now points at 127.0.0.1 sends its own name.
    status, _, body = server.request("GET", "/api/info", headers={"Host": host.format(port=server.port)})
    assert status == 403 and body["error"].startswith("refused: the Host header")
    status, _, _ = server.request("POST", "/api/lint", {"listing": HEATER}, {"Host": host.format(port=server.port)})
    assert status == 403


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_servers_own_names_are_accepted(server, host):
    assert server.request("GET", "/api/info", headers={"Host": host.format(port=server.port)})[0] == 200


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "https://127.0.0.1:{port}", "http://127.0.0.1:1"])
def test_a_request_from_another_origin_is_refused(server, origin):
    status, _, body = server.request("POST", "/api/lint", {"listing": HEATER}, {"Origin": origin.format(port=server.port)})
    assert status == 403 and body["error"].startswith("refused: a request from another site")


def test_the_pages_own_origin_is_accepted(server):
    status, _, body = server.request("POST", "/api/lint", {"listing": HEATER}, {"Origin": f"http://localhost:{server.port}"})
    assert status == 200 and body["findings"]


def test_every_interface_accepts_ip_addresses_but_no_other_names():
    addresses = serve.Addresses("0.0.0.0", 8080)
    assert addresses.allows("192.168.1.20:8080") and addresses.allows("[::1]:8080") and addresses.allows("localhost:8080")
    assert not addresses.allows("evil.example:8080") and not addresses.allows("192.168.1.20:8081")
    loopback = serve.Addresses("127.0.0.1", 8080)
    assert not loopback.allows("192.168.1.20:8080") and loopback.allows("[::1]:8080")


# --- configuration, rule packs, selection ------------------------------------------------------

HOUSE_RULE = """\
id: house-unbeatable
kind: phrase
category: absolute-claim
severity: warning
languages: [en]
message: "'{text}' is a house ban"
phrases: [zorblax]
examples:
  fire: [zorblax value]
  pass: [beatable]
"""


def test_the_configuration_file_its_rule_pack_and_lang_are_used(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "rules.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    config = tmp_path / "honestlint.toml"
    config.write_text('rules = ["house/"]\nignore = ["spec-mismatch"]\nlang = "en"\n', encoding="utf-8")
    running = Running(Options(config_file=str(config), as_of=AS_OF, default_lang="auto"))
    try:
        info = running.request("GET", "/api/info")[2]
        assert info["config"] == str(config) and info["lang"] == "en"
        body = running.lint(dict(EXAMPLE, title=EXAMPLE["title"] + " zorblax"))
        rules = {f["rule"] for f in body["findings"]}
        assert "house-unbeatable" in rules
        assert not {r for r in rules if r.startswith("spec-")}
        assert body["lang"] == "en" and by_rule(body, "gift-not-named")["message"].startswith("copy promises a gift")
    finally:
        running.close()


def test_the_nearest_configuration_to_the_working_directory_is_found(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.honestlint]\nselect = ["warranty-mismatch"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    running = Running(Options(as_of=AS_OF, default_lang="auto"))
    try:
        rules = {f["rule"] for f in running.lint(dict(EXAMPLE, description="三年质保", warranty={"months": 12}))["findings"]}
        assert rules == {"warranty-duration-zh"}
    finally:
        running.close()


def test_rule_directories_and_selection_from_the_command_line(tmp_path):
    (tmp_path / "rules.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    running = Running(Options(isolated=True, rule_dirs=[str(tmp_path)], select=["house-unbeatable", "spec-colour"],
                                     as_of=AS_OF, default_lang="auto"))
    try:
        body = running.lint(dict(EXAMPLE, title=EXAMPLE["title"] + " zorblax"))
        assert {f["rule"] for f in body["findings"]} == {"house-unbeatable", "spec-colour"}
    finally:
        running.close()


def test_a_listings_own_suppression_is_honoured(server):
    listing = dict(HEATER, honestlint={"ignore": ["warranty-mismatch"], "reason": "the maker's warranty"})
    assert not [f for f in server.lint(listing)["findings"] if f["category"] == "warranty-mismatch"]


def test_an_unknown_selector_fails_at_start():
    with pytest.raises(UsageError, match="unknown rule or category: nonsense"):
        serve.make_server(Options(isolated=True, select=["nonsense"]))


def test_catalog_state_does_not_carry_over_between_requests(server):
    review = "这款保温杯真的非常好用，保温效果一流，外观也漂亮，物流很快，客服态度也很好，推荐购买！"
    first = {"id": "a", "title": "保温杯", "reviews": [{"text": review}]}
    second = dict(first, id="b")
    # In one call the copied review is found...
    assert "review-copied" in {f.rule for f in server.server.linter.lint([first, second])}
    # ...but a listing linted earlier is no catalog the next one is compared with.
    for listing in (first, second, first):
        assert not [f for f in server.lint(listing)["findings"] if f["rule"] == "review-copied"]


def test_concurrent_requests_get_their_own_findings(server):
    results = {}

    def ask(key, listing, lang):
        results[key] = server.lint(listing, lang)

    threads = [threading.Thread(target=ask, args=(i, HEATER if i % 2 else EXAMPLE, "en" if i % 3 else "zh"))
               for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for i, body in results.items():
        rules = {f["rule"] for f in body["findings"]}
        assert ("warranty-duration-zh" in rules) == bool(i % 2) and ("spec-colour" in rules) != bool(i % 2)
        assert body["lang"] == ("en" if i % 3 else "zh")


# --- the command --------------------------------------------------------------------------------

def _cli(*args, cwd=None, timeout=90):
    return subprocess.Popen([sys.executable, "-m", "honestlint", "serve", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))


def test_the_command_prints_its_url_and_serves(tmp_path):
    process = _cli("--isolated", "--as-of", "2026-11-23", cwd=tmp_path)
    try:
        line = process.stdout.readline()
        match = re.fullmatch(r"honestlint serve: http://127\.0\.0\.1:(\d+)/  \(Ctrl-C to stop\)\n", line)
        assert match, line
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=60)
        body = json.dumps({"listing": HEATER}).encode()
        connection.request("POST", "/api/lint", body, {"Content-Type": "application/json"})
        answer = json.loads(connection.getresponse().read())
        connection.close()
        assert [f["rule"] for f in answer["findings"]] == ["warranty-duration-zh"]
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_a_port_in_use_is_a_usage_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = _cli("--isolated", "--port", str(taken.getsockname()[1]))
        out, err = process.communicate(timeout=90)
    assert process.returncode == 2 and out == ""
    assert re.fullmatch(r"honestlint: error: cannot listen on 127\.0\.0\.1:\d+: Address already in use\n", err)


@pytest.mark.parametrize("args, words", [
    (["--select", "nonsense"], "honestlint: error: unknown rule or category: nonsense; see `honestlint rules`\n"),
    (["--config", "missing.toml"], "missing.toml: error: cannot read: No such file or directory\n"),
    (["--port", "70000"], "expected a port number from 0 (a free one) to 65535"),
    (["--lang", "fr"], "'fr' is not one of"),
])
def test_bad_options_are_usage_errors(tmp_path, args, words):
    process = _cli(*args, cwd=tmp_path)
    out, err = process.communicate(timeout=90)
    assert process.returncode == 2 and "Traceback" not in err
    assert err.endswith(words) if words.endswith("\n") else words in err


def test_the_readme_example_is_what_the_api_answers(server):
    readme = (pathlib.Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Live page (`honestlint serve`)", 1)[1].split("\n## ", 1)[0]
    request = json.loads(re.search(r"-d '(\{.*?\})'\n", section).group(1))
    answer = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    status, _, body = server.request("POST", "/api/lint", request)
    assert status == 200 and body == answer


def test_a_rule_switched_off_by_time_outs_runs_again_on_the_next_request():
    # The page lints one listing after another with one long-lived linter: a rule switched off
    # after its time-outs on one listing must run on the next (the editor server does the same
    # per buffer), or a slow listing would silence the rule for the rest of the session.
    from honestlint.run.live import ListingLinter

    live = ListingLinter(Options(isolated=True, as_of=AS_OF))
    listing = {"id": "a", "title": "全网最低价 保温杯"}
    linter, _rules = live._linter(None)
    rule = next(f.rule for f in live.lint([listing]) if f.rule.startswith("absolute-claim"))
    linter.switched_off.add(rule)  # as after three time-outs on one field
    assert rule not in {f.rule for f in live.lint([listing])}  # switched off for this request...
    assert rule in {f.rule for f in live.lint([listing])}      # ...and on again for the next
    assert live.rule_errors == []
