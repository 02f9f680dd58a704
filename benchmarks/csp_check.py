"""Load a brief in headless Chromium and check that its Content-Security-Policy lets it display
and stops everything else.

    .venv/bin/python benchmarks/csp_check.py [report/brief.html] [--json] [--screenshot PNG]

Without a file, the default brief is rendered (HTML only) into a temporary directory first.
Chromium (``/usr/bin/chromium``, Debian package ``chromium``; ``make test`` installs it with
``scripts/install-test-deps.sh``) is driven over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: no port, no extra Python package). It reports:

- every CSP violation while the brief loads (``securitypolicyviolation`` events, recorded by a
  listener the DevTools protocol adds, and console messages naming the Content Security Policy);
- whether each image loaded (``complete`` and a natural width), whether the stylesheet applied
  (it is admitted by its hash) and whether every table column is as wide as its class says;
- every request other than the file itself and ``data:`` URLs;
- unless ``--no-probe``, the same for a copy of the brief with hostile markup injected after
  ``<main>``: an inline script, an event handler, a ``javascript:`` link (clicked), an external
  image, stylesheet and ``@import``, an inline ``<style>`` and a style attribute, an iframe, an
  object, a ``<base>`` and a form (submitted) to an external address. Each must be blocked (a
  violation reported, nothing run, nothing requested) while the figures still load.

Exit status 0 when the brief displays with no violation and every probe is blocked, 1 otherwise,
2 when Chromium is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBES = {
    "inline script": '<script>document.title = "SCRIPT RAN";</script>',
    "event handler": '<img src="data:,x" onerror="document.title = \'HANDLER RAN\'" alt="">',
    "javascript: link": '<a id="csp-probe-link" href="javascript:document.title = \'LINK RAN\'">x</a>',
    "external image": '<img src="https://csp-probe.invalid/i.png" alt="">',
    "external stylesheet": '<link rel="stylesheet" href="https://csp-probe.invalid/s.css">',
    "@import": "<style>@import url(https://csp-probe.invalid/i.css);</style>",
    "inline style": "<style>main { display: none; }</style>",
    "style attribute": '<p style="position: fixed; inset: 0; background: red">x</p>',
    "iframe": '<iframe src="data:text/html,frame"></iframe>',
    "object": '<object data="data:text/html,object"></object>',
    "base": '<base href="https://csp-probe.invalid/">',
    "form": '<form id="csp-probe-form" action="https://csp-probe.invalid/f"><input name="q"></form>',
}
#: Run one after the other once the probe page has loaded: follow the javascript: link, then
#: submit the form (last: if the policy let it through, the page is gone).
PROBE_ACTIONS = (
    "document.getElementById('csp-probe-link').click()",
    "document.getElementById('csp-probe-form').submit()",
)
#: How each probe shows it was stopped: the directive of its ``securitypolicyviolation`` event
#: and the words of Chromium's console message (the two inline-script probes share a directive).
PROBE_BLOCKED = {
    "inline script": ("script-src-elem", "Executing inline script violates"),
    "event handler": ("script-src-attr", "Executing inline event handler violates"),
    "javascript: link": ("script-src-elem", "Running the JavaScript URL violates"),
    "external image": ("img-src", "https://csp-probe.invalid/i.png"),
    "external stylesheet": ("style-src-elem", "https://csp-probe.invalid/s.css"),
    "@import": ("style-src-elem", "Applying inline style violates"),  # the whole <style>
    "inline style": ("style-src-elem", "Applying inline style violates"),
    "style attribute": ("style-src-attr", "Applying inline style violates"),
    "iframe": ("frame-src", "frame-src"),
    "object": ("object-src", "object-src"),
    "base": ("base-uri", "base-uri"),
    "form": ("form-action", "form-action"),
}

LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push({
  directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample,
  line: e.lineNumber}));
"""
INSPECT = """JSON.stringify({
  url: location.href,
  title: document.title,
  violations: window.__cspViolations || [],
  images: [...document.querySelectorAll('main img')].map(i => ({
    alt: i.alt, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight,
    data: i.getAttribute('src').startsWith('data:')})),
  mainMaxWidth: getComputedStyle(document.querySelector('main')).maxWidth,
  columns: [...document.querySelectorAll('table.brief')].filter(t => t.querySelector('col'))
    .map(t => { const total = t.getBoundingClientRect().width;
                const cells = t.querySelectorAll('thead th');
                return [...t.querySelectorAll('col')].map((c, i) => [
                  parseFloat((c.className.match(/w(\\d+)/) || c.style.width.match(/(\\d+)/)
                              || [0, 'NaN'])[1]),
                  cells[i] ? 100 * cells[i].getBoundingClientRect().width / total : NaN]); }),
  tableLayout: (() => { const t = document.querySelector('table.brief');
                        return t ? getComputedStyle(t).tableLayout : ''; })(),
  scripts: document.scripts.length,
  policy: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content
})"""


class Chromium:
    """A headless Chromium driven over the DevTools protocol on fds 3/4."""

    def __init__(self, binary: str):
        self.profile = tempfile.mkdtemp(prefix="csp-check-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds() -> None:  # in the child: its fd 3 reads our commands, fd 4 writes replies
            # through copies above 10 first, so that neither pipe end is itself 3 or 4
            read, write = (
                fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chrome_r, from_chrome_w)
            )
            os.dup2(read, 3)
            os.dup2(write, 4)

        args = [
            binary,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={self.profile}",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--window-size=1200,900",
            "about:blank",
        ]
        if os.geteuid() == 0:
            args.insert(2, "--no-sandbox")  # Chromium refuses to run its sandbox as root
        self.proc = subprocess.Popen(
            args,
            preexec_fn=fds,
            pass_fds=(3, 4),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the browser may be gone already
            self.send("Browser.close", timeout=5)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no reply from Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:  # fmt: skip
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(
            e.get("method") == method and e.get("sessionId") == session for e in self.events
        ):
            self.events.append(self._read(deadline))

    def settle(self, seconds: float) -> None:
        """Collect events for a moment (late violations, console messages)."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._read(deadline))
        except TimeoutError:
            pass

    def _inspect(self, session: str) -> dict:
        """The page's state (:data:`INSPECT`), or ``{}`` when it cannot be read."""
        reply = self.send(
            "Runtime.evaluate", {"expression": INSPECT, "returnByValue": True}, session
        )
        value = reply.get("result", {}).get("value")
        return json.loads(value) if isinstance(value, str) else {}

    def load(
        self, path: Path, actions: tuple[str, ...] = (), screenshot: Path | None = None
    ) -> dict:
        """Open ``path`` in a new tab; what loaded, what was refused, what was requested."""
        self.events = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER}, session)
        url = path.resolve().as_uri()
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired", session)
        self.settle(0.3)
        state = self._inspect(session)
        state["navigated_away"] = False
        state["titles"] = [state["title"]]
        for action in actions:
            self.send("Runtime.evaluate", {"expression": action}, session)
            self.settle(0.4)
            after = self._inspect(session)
            if after.get("url") != url:  # the page is gone (a form was sent, a link followed)
                state["navigated_away"] = True
                break
            state["titles"].append(after["title"])
            state["violations"] = after["violations"]
        if screenshot is not None:
            import base64

            shot = self.send(
                "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}, session
            )
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        mine = [e for e in self.events if e.get("sessionId") == session]
        console = [
            e["params"]["entry"]["text"]
            for e in mine
            if e.get("method") == "Log.entryAdded"
            and "Content Security Policy" in e["params"]["entry"]["text"]
        ] + [
            " ".join(str(a.get("value", "")) for a in e["params"]["args"])
            for e in mine
            if e.get("method") == "Runtime.consoleAPICalled"
        ]
        refused = {
            e["params"]["requestId"]
            for e in mine
            if e.get("method") == "Network.loadingFailed"
            and (
                e["params"].get("blockedReason") == "csp"
                or e["params"].get("errorText") == "net::ERR_BLOCKED_BY_CSP"
            )
        }
        requests = sorted(  # requests the policy let through (a refused one never leaves)
            {
                e["params"]["request"]["url"]
                for e in mine
                if e.get("method") == "Network.requestWillBeSent"
                and e["params"]["requestId"] not in refused
                and not e["params"]["request"]["url"].startswith("data:")
                and e["params"]["request"]["url"] != url
            }
        )
        self.send("Target.closeTarget", {"targetId": target})
        return {**state, "console": console, "requests": requests}


def find_chromium(given: str | None) -> str | None:
    return given or shutil.which("chromium") or shutil.which("chromium-browser")


def version(binary: str) -> str:
    result = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "unknown"


def with_probes(html: str) -> str:
    at = html.index(">", html.index("<main")) + 1
    return html[:at] + "".join(PROBES.values()) + html[at:]


def check(html_path: Path, binary: str, probe: bool, screenshot: Path | None) -> dict:
    browser = Chromium(binary)
    try:
        page = browser.load(html_path, screenshot=screenshot)
        report = {
            "file": str(html_path),
            "chromium": version(binary),
            "policy": page.get("policy") or "",
            "csp_violations": page["violations"],
            "csp_console": page["console"],
            "requests": page["requests"],
            "images": len(page["images"]),
            "images_loaded": sum(
                1 for i in page["images"] if i["complete"] and i["width"] > 0 and i["data"]
            ),
            "image_sizes": [f"{i['width']}x{i['height']}" for i in page["images"]],
            "styles_applied": page["mainMaxWidth"] == "1100px" and page["tableLayout"] == "fixed",
            # every column of every table as wide as its class says (within 1.5 points)
            "column_widths_applied": bool(page["columns"])
            and all(
                want is not None and got is not None and abs(want - got) < 1.5
                for table in page["columns"]
                for want, got in table
            ),
            "scripts": page["scripts"],
            "scripts_ran": False,
        }
        original_title = page["title"]
        if probe:
            with tempfile.TemporaryDirectory() as tmp:
                hostile = Path(tmp) / "probe.html"
                hostile.write_text(with_probes(html_path.read_text("utf-8")), "utf-8")
                got = browser.load(hostile, actions=PROBE_ACTIONS)
            directives = {v["directive"] for v in got["violations"]}
            report["probe"] = {
                name: {
                    "blocked": directive in directives
                    and any(words in message for message in got["console"]),
                    "directive": directive,
                }
                for name, (directive, words) in PROBE_BLOCKED.items()
            }
            report["probe_violations"] = len(got["violations"])
            report["scripts_ran"] = any(t != original_title for t in got["titles"])
            report["probe_title_unchanged"] = not report["scripts_ran"]
            report["probe_navigated_away"] = got["navigated_away"]
            report["probe_requests"] = got["requests"]
            report["probe_images_loaded"] = sum(
                1 for i in got["images"] if i["complete"] and i["width"] > 0 and i["data"]
            )
        return report
    finally:
        browser.close()


def ok(report: dict) -> bool:
    good = (
        bool(report["policy"])
        and not report["csp_violations"]
        and not report["csp_console"]
        and not report["requests"]
        and report["images"] > 0
        and report["images_loaded"] == report["images"]
        and report["styles_applied"]
        and report["column_widths_applied"]
        and report["scripts"] == 0
        and not report["scripts_ran"]
    )
    if "probe" in report:
        good = good and all(p["blocked"] for p in report["probe"].values())
        good = good and report["probe_title_unchanged"] and not report["probe_requests"]
        good = good and not report["probe_navigated_away"]
        good = good and report["probe_images_loaded"] == report["images"]
    return good


def show(report: dict) -> str:
    def yes(flag: bool) -> str:
        return "yes" if flag else "NO"

    lines = [
        f"brief:    {report['file']}",
        f"browser:  {report['chromium']} (headless)",
        f"policy:   {report['policy'] or 'NONE (no Content-Security-Policy meta element)'}",
        "CSP violations while loading the brief: "
        + (json.dumps(report["csp_violations"]) if report["csp_violations"] else "none"),
        "CSP console messages: "
        + (
            "; ".join(m if len(m) < 160 else m[:157] + "..." for m in report["csp_console"])
            or "none"
        ),
        "requests other than the file and data: URLs: " + (", ".join(report["requests"]) or "none"),
        f"images loaded: {report['images_loaded']} of {report['images']} "
        f"({', '.join(report['image_sizes'])} px)",
        f"stylesheet applied: {yes(report['styles_applied'])}; column widths applied: "
        f"{yes(report['column_widths_applied'])}",
        f"<script> elements: {report['scripts']}",
    ]
    if "probe" in report:
        lines.append("probe (hostile markup injected into a copy of the brief):")
        for name, p in report["probe"].items():
            state = "blocked" if p["blocked"] else "NOT BLOCKED"
            lines.append(f"  {name:<20} {state} ({p['directive']})")
        lines.append(
            f"  nothing ran (title unchanged): {yes(report['probe_title_unchanged'])}; "
            f"stayed on the page: {yes(not report['probe_navigated_away'])}; "
            f"requests: {', '.join(report['probe_requests']) or 'none'}; "
            f"figures still loaded: {report['probe_images_loaded']} of {report['images']}"
        )
    lines.append("result: " + ("OK" if ok(report) else "FAILED"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", type=Path, help="a brief.html (default: render one)")
    parser.add_argument("--chromium", help="the browser binary (default: chromium on PATH)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-probe", dest="probe", action="store_false")
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the first screen")
    args = parser.parse_args(argv)
    binary = find_chromium(args.chromium)
    if binary is None:
        print("chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        html = args.html
        if html is None:
            from helpers import render

            render(out_dir=tmp, formats=["html"])
            html = Path(tmp) / "brief.html"
        report = check(html, binary, args.probe, args.screenshot)
    print(json.dumps(report, indent=2) if args.json else show(report))
    return 0 if ok(report) else 1


if __name__ == "__main__":
    sys.exit(main())
