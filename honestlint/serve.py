"""`honestlint serve`: a local web page on which a copywriter types a listing's copy and facts
and sees its claims highlighted as they type, with messages, the contradicted fact and a
button per safe fix.

The standard library serves it (http.server.ThreadingHTTPServer): the page is three static
files and the API two small JSON endpoints, so a framework would add a dependency and nothing
the page uses. Linting goes through run.live.ListingLinter, the command line's pipeline with the
same configuration, rule packs and selection, compiled once and kept.

    GET  /                 the page (honestlint/data/serve/index.html), /serve.js, /serve.css
    GET  /api/info         version, default message language, configuration file, rule count
    POST /api/lint         {"listing": {...}, "lang": "auto"|"en"|"zh"|"zh-Hant"|null}
                           -> {"lang": ..., "findings": [...]}

The server answers only requests addressed to it by an address it listens on (the Host
header, and the Origin of a browser's request), so a web page elsewhere cannot reach it through
DNS rebinding or a cross-site POST; bodies are capped; every error is a JSON object with one
line in "error".
"""
from __future__ import annotations

import datetime as _dt
import http.server
import ipaddress
import json
import re
import socket
import sys
import threading
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from .core.version import __version__
from .input import InvalidListing
from .core.rule import MESSAGE_LANGUAGES
from .run.live import ListingLinter
from .run.options import Options

# A listing's copy and facts fit in far less; the loader caps a single field at 50,000
# characters, so 1 MiB leaves room for a long description in escaped JSON and stops a client
# from making the server buffer an unbounded body.
MAX_BODY_BYTES = 1 << 20

# path -> (file in honestlint/data/serve, content type)
PAGES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/serve.js": ("serve.js", "text/javascript; charset=utf-8"),
    "/serve.css": ("serve.css", "text/css; charset=utf-8"),
}
API_INFO, API_LINT = "/api/info", "/api/lint"

# The page loads nothing from elsewhere (there may be no internet) and is never framed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                               "form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class RequestError(Exception):
    """A request the server refuses: its HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def fact_value(listing: Any, path: str | None) -> Any:
    """The value at a finding's `fact_field` ("specs.颜色", "promotions[0].reward.type") in the
    listing as sent, when it is a plain value; None when the path leads nowhere or to a
    container (a message already quotes what matters of those)."""
    if not path:
        return None
    value = listing
    for name, index in _PATH_PART.findall(path):
        if name and isinstance(value, dict) and name in value:
            value = value[name]
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            return None
    return value if isinstance(value, (str, int, float, bool)) else None


def finding_json(finding, listing: dict) -> dict:
    """What the page needs of a finding: where it is in the field's value (code points), what
    to say, the fact it contradicts and its fix. File positions are left out: the listing was
    typed, not read from a file."""
    out = {
        "rule": finding.rule, "category": finding.category, "severity": finding.severity,
        "field": finding.field, "offset": finding.offset, "end_offset": finding.end_offset,
        "text": finding.text, "message": finding.message, "suggestion": finding.suggestion,
        "fact_field": finding.fact_field, "fact_value": fact_value(listing, finding.fact_field),
        "fix": None,
    }
    if finding.fix is not None:
        out["fix"] = {"applicability": finding.fix.applicability, "message": finding.fix.message,
                      "edits": [{"offset": e.offset, "end_offset": e.end_offset, "content": e.content}
                                for e in finding.fix.edits]}
    return out


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Addresses:
    """The names under which the server may be addressed (Host and Origin headers): the
    address it is bound to, and for loopback `localhost` too. Bound to every interface, any IP
    address and the machine's own names; never another DNS name, which is what a rebinding
    attack sends."""

    def __init__(self, host: str, port: int):
        self.port = port
        self.any_interface = host in ("", "0.0.0.0", "::")
        names = {host.lower().strip("[]")}
        if host in ("localhost",) or (_is_ip(host.strip("[]")) and ipaddress.ip_address(host.strip("[]")).is_loopback):
            names |= {"localhost", "127.0.0.1", "::1"}
        if self.any_interface:
            names |= {"localhost", socket.gethostname().lower(), socket.getfqdn().lower()}
        self.names = names

    def allows(self, netloc: str) -> bool:
        """Whether `netloc` (host[:port] as a Host header or an origin has it) is this server."""
        match = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?", netloc.strip())
        if not match:
            return False
        name, port = match.group(1).strip("[]").lower(), int(match.group(2) or 80)
        if port != self.port:
            return False
        return name in self.names or (self.any_interface and _is_ip(name))


class LintServer(http.server.ThreadingHTTPServer):
    """The HTTP server, holding the linter its handlers share."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], linter: ListingLinter):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.linter = linter
        host = address[0]
        self.addresses = Addresses(host, self.server_address[1])
        shown = "127.0.0.1" if self.addresses.any_interface else host
        self.url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{self.server_address[1]}/"

    def handle_error(self, request, client_address) -> None:
        # A client that went away mid-answer is no news; anything else is one line, no traceback.
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            print(f"honestlint serve: error answering {client_address[0]}: {type(exc).__name__}: {exc}",
                  file=sys.stderr)


class Handler(http.server.BaseHTTPRequestHandler):
    server: LintServer
    server_version = f"honestlint/{__version__}"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # a request per pause in typing: the terminal stays quiet

    # --- answers ------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, value: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _refuse(self, error: RequestError) -> None:
        if error.status >= 400:
            self.close_connection = True  # the rest of a refused body is not read
        self._send_json(error.status, {"error": str(error)})

    def _check_addressed_to_us(self) -> None:
        host = self.headers.get("Host")
        if not host or not self.server.addresses.allows(host):
            raise RequestError(403, f"refused: the Host header ({host or 'none'}) is not this server's address")
        origin = self.headers.get("Origin")
        if origin is not None:
            parts = urlsplit(origin)
            if parts.scheme != "http" or not self.server.addresses.allows(parts.netloc):
                raise RequestError(403, f"refused: a request from another site ({origin})")

    def _handle(self, answer) -> None:
        try:
            self._check_addressed_to_us()
            answer()
        except RequestError as exc:
            self._refuse(exc)
        except ConnectionError:  # the page went away (reloaded, closed) before the answer
            self.close_connection = True
        except Exception as exc:  # a bug: one line to the client and the terminal, no traceback
            print(f"honestlint serve: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            self._refuse(RequestError(500, f"internal error: {type(exc).__name__}: {exc}"))

    # --- methods ------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(self._get)

    def do_HEAD(self) -> None:
        self._handle(self._get)

    def do_POST(self) -> None:
        self._handle(self._post)

    def _route(self) -> str:
        return urlsplit(self.path).path

    def _get(self) -> None:
        path = self._route()
        if path in PAGES:
            name, content_type = PAGES[path]
            body = (resources.files("honestlint.data") / "serve" / name).read_bytes()
            self._send(200, body, content_type)
        elif path == API_INFO:
            self._send_json(200, self._info())
        elif path == API_LINT:
            raise RequestError(405, "use POST for /api/lint")
        else:
            raise RequestError(404, f"not found: {path}")

    def _post(self) -> None:
        path = self._route()
        if path != API_LINT:
            raise RequestError(404 if path not in PAGES and path != API_INFO else 405, f"cannot POST to {path}")
        request = self._read_json()
        listing, lang = request.get("listing"), request.get("lang")
        if not isinstance(listing, dict):
            raise RequestError(400, "the request needs 'listing', a listing object")
        if lang is not None and lang not in MESSAGE_LANGUAGES:
            raise RequestError(400, f"'lang' must be one of {', '.join(MESSAGE_LANGUAGES)}, not {lang!r}")
        try:
            findings = self.server.linter.lint([listing], lang)
        except InvalidListing as exc:
            raise RequestError(422, f"not a valid listing: {exc.error.message}") from None
        self._send_json(200, {"lang": lang or self.server.linter.default_lang,
                              "findings": [finding_json(f, listing) for f in findings]})

    def _read_json(self) -> dict:
        content_type = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if content_type != "application/json":
            # A browser posts other types cross-site without asking first: only JSON is taken.
            raise RequestError(415, "send the request as application/json")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise RequestError(411, "the request needs a Content-Length")
        if int(length) > MAX_BODY_BYTES:
            raise RequestError(413, f"the request is larger than {MAX_BODY_BYTES} bytes")
        raw = self.rfile.read(int(length))
        try:
            value = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise RequestError(400, "the request is not UTF-8") from None
        except json.JSONDecodeError as exc:
            raise RequestError(400, f"the request is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        except RecursionError:
            raise RequestError(400, "the request is nested too deeply") from None
        if not isinstance(value, dict):
            raise RequestError(400, "the request must be a JSON object")
        return value

    def _info(self) -> dict:
        linter = self.server.linter
        return {"version": __version__, "lang": linter.default_lang, "languages": list(MESSAGE_LANGUAGES),
                "config": linter.config.path, "rules": len(linter.rules()),
                "as_of": (linter.options.as_of or _dt.date.today()).isoformat()}


def make_server(options: Options, host: str = "127.0.0.1", port: int = 0) -> LintServer:
    """A server bound to host:port (0: a free port), its rules compiled. Raises UsageError,
    RuleError (bad selection, configuration or rule pack) and OSError (the port)."""
    return LintServer((host, port), ListingLinter(options))


def warm_up(server: LintServer) -> threading.Thread:
    """Lint a small listing in the background: the first lint loads the tokenizers (seconds),
    and that should not be the copywriter's first keystroke."""
    def run() -> None:
        try:
            server.linter.lint([{"title": "warm up 预热", "description": "最好的 best"}])
        except Exception:  # noqa: BLE001 - a real request will report the same problem
            pass

    thread = threading.Thread(target=run, name="honestlint-warm-up", daemon=True)
    thread.start()
    return thread


def serve(options: Options, host: str, port: int, open_browser: bool, echo=print) -> None:
    """Run the server until interrupted (the command line's `honestlint serve`)."""
    server = make_server(options, host, port)
    warm_up(server)
    echo(f"honestlint serve: {server.url}  (Ctrl-C to stop)")
    if server.addresses.any_interface:
        echo("honestlint serve: listening on every interface: anyone who can reach this machine can use it")
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
