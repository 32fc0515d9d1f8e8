#!/usr/bin/env bash
# Renders the HTML reference of `seam docs` in headless Chromium and checks it:
#
# - every package and type of the model (from `seam model`) has its section, anchor
#   (`#pkg.Type`) and navigation link, and every type link on the page points at a section;
# - the search box exists and filters (a query keeps only matching types, a nonsense query shows
#   the "no match" message, clearing it shows every type again);
# - the `openapi.json` download link exists and points next to `index.html`;
# - the page's script ran to its end (`<html data-ready="true">`);
# - loading it logs NO console message, exception or browser error (CSP violation, failed load),
#   and makes NO request other than the page itself (no CDN, font, image or script fetched).
#
# It saves screenshots (1400x1000) to target/docs-screenshot.png (light) and
# target/docs-screenshot-dark.png (prefers-color-scheme: dark), plus
# target/docs-screenshot-struct.png (a struct with a field table).
#
# Chromium is driven over the DevTools protocol with Python's standard library only.
# Usage: scripts/check_docs_page.sh [IDL_DIR]   (default: idl). Exit status 0 when every check
# passes, 1 when one fails, 2 when the checks could not run.
set -euo pipefail

cd "$(dirname "$0")/.."
IDL_DIR="${1:-idl}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing chromium (apt-get)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
    if [ ! -x "$CHROMIUM" ]; then
        echo "error: $CHROMIUM not found; install Debian's chromium package (apt-get install chromium)" >&2
        exit 2
    fi
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/seam-docs-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

echo "== building seam"
cargo build -q -p seam-codegen --bin seam
SEAM=target/debug/seam

echo "== seam docs $IDL_DIR --out $WORK/site"
"$SEAM" docs "$IDL_DIR" --out "$WORK/site"
"$SEAM" model "$IDL_DIR" > "$WORK/model.json"
mkdir -p target

python3 - "$CHROMIUM" "$WORK" "$PWD/target" <<'PY'
import base64, json, os, socket, struct, subprocess, sys, time, urllib.parse, urllib.request

chromium, work, target_dir = sys.argv[1], sys.argv[2], sys.argv[3]
page_path = os.path.join(work, "site", "index.html")
page_url = "file://" + urllib.parse.quote(os.path.abspath(page_path))
model = json.load(open(os.path.join(work, "model.json")))
failures = []


def check(ok, what):
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        failures.append(what)


class WebSocket:
    """A minimal RFC 6455 client: text frames, masking, fragmentation, ping."""

    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("websocket handshake: connection closed")
            data += chunk
        head, self.buffer = data.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("websocket handshake refused: " + head.decode(errors="replace"))

    def _exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("websocket closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _send(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, text):
        self._send(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b1 & 0x80 else None
            payload = self._exact(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise RuntimeError("websocket closed by the browser")
            if opcode == 0x9:
                self._send(0xA, payload)
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if b0 & 0x80:
                    return message.decode()


class Browser:
    def __init__(self):
        self.profile = os.path.join(work, "profile")
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--disable-default-apps", "--hide-scrollbars", "--mute-audio",
                "--window-size=1400,1000", f"--user-data-dir={self.profile}",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"]
        self.log = open(os.path.join(work, "chromium.log"), "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 60
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("chromium did not start; see its log:\n" +
                                   open(os.path.join(work, "chromium.log")).read()[-3000:])
            time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30))
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = WebSocket(page["webSocketDebuggerUrl"])
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, event, timeout=60):
        deadline = time.time() + timeout
        for message in self.events:
            if message["method"] == event:
                return message
        self.ws.sock.settimeout(timeout)
        while time.time() < deadline:
            message = json.loads(self.ws.recv())
            if "method" in message:
                self.events.append(message)
                if message["method"] == event:
                    return message
        raise RuntimeError(f"timed out waiting for {event}")

    def eval(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluating {expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print(f"  saved {os.path.relpath(path)}")

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
        self.log.close()


def settle(browser):
    # Two animation frames, so that layout and the script's effects are done.
    browser.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")


browser = Browser()
try:
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable")
    browser.call("Emulation.setDeviceMetricsOverride", width=1400, height=1000,
                 deviceScaleFactor=1, mobile=False)
    browser.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "light"}])
    browser.events.clear()
    print(f"== loading {page_url}")
    browser.call("Page.navigate", url=page_url)
    browser.wait_for("Page.loadEventFired")
    settle(browser)
    time.sleep(0.5)  # let late console messages and requests arrive
    settle(browser)

    print("== content")
    dom = browser.eval("""(() => ({
        ready: document.documentElement.getAttribute('data-ready'),
        title: document.title,
        articles: Array.from(document.querySelectorAll('article.type')).map(a => a.id),
        visible: Array.from(document.querySelectorAll('article.type')).filter(a => a.offsetParent !== null).length,
        packages: Array.from(document.querySelectorAll('section.package')).map(s => s.dataset.package),
        navLinks: Array.from(document.querySelectorAll('.sidebar li a')).map(a => a.getAttribute('href')),
        typeLinks: Array.from(document.querySelectorAll('a.tr, .used-by a')).map(a => a.getAttribute('href')),
        names: Array.from(document.querySelectorAll('article.type .type-name')).map(e => e.textContent),
        search: !!document.querySelector('input#search[type=search]'),
        openapi: Array.from(document.querySelectorAll('a[href="openapi.json"]')).map(a => a.href),
        resources: performance.getEntriesByType('resource').map(e => e.name),
        externalRefs: Array.from(document.querySelectorAll('[src], link[href], [srcset], [poster], object[data]'))
            .map(e => e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('srcset') || e.getAttribute('poster') || e.getAttribute('data'))
            .filter(u => !u.startsWith('data:')),
        fontFaces: document.fonts ? document.fonts.size : 0,
    }))()""")
    expected_types = sorted(model["types"].keys())
    expected_packages = sorted(model["packages"].keys())
    check(dom["ready"] == "true", "the page's script ran to its end (data-ready)")
    check(sorted(dom["articles"]) == expected_types,
          f"every type of the model has a section with its anchor ({len(dom['articles'])}/{len(expected_types)})")
    missing_nav = [t for t in expected_types if "#" + t not in dom["navLinks"]]
    check(not missing_nav, f"every type has a navigation link (missing: {missing_nav[:5]})")
    check(sorted(dom["packages"]) == expected_packages,
          f"every package has a section ({len(dom['packages'])}/{len(expected_packages)})")
    short_names = sorted(t.rsplit(".", 1)[1] for t in expected_types)
    check(sorted(dom["names"]) == short_names, "every type shows its name")
    ids = set(dom["articles"])
    dangling = sorted({h for h in dom["typeLinks"] if h.lstrip("#") not in ids})
    check(not dangling, f"every type link points at a type section (dangling: {dangling[:5]})")
    check(dom["visible"] == len(expected_types), "every type section is visible before searching")
    check(dom["search"], "the search box exists")
    sibling = page_url.rsplit("/", 1)[0] + "/openapi.json"
    check(bool(dom["openapi"]) and all(h == sibling for h in dom["openapi"]),
          f"the openapi.json link exists and points next to index.html ({dom['openapi'][:1]})")
    check(not dom["resources"], f"no subresource was loaded ({dom['resources'][:3]})")
    check(not dom["externalRefs"], f"no element refers to a resource ({dom['externalRefs'][:3]})")
    check(dom["fontFaces"] == 0, "no web font")

    print("== search")
    probe = expected_types[len(expected_types) // 2]
    probe_name = probe.rsplit(".", 1)[1]
    result = browser.eval(f"""(() => {{
        const input = document.getElementById('search');
        const visible = () => Array.from(document.querySelectorAll('article.type')).filter(a => !a.hidden).map(a => a.id);
        const navVisible = () => Array.from(document.querySelectorAll('.sidebar li')).filter(li => !li.hidden && li.offsetParent !== null).length;
        const set = q => {{ input.value = q; input.dispatchEvent(new Event('input')); }};
        set({json.dumps(probe_name)});
        const one = {{ shown: visible(), nav: navVisible(), count: document.getElementById('search-count').textContent }};
        set('zzzz-no-such-type-qqqq');
        const none = {{ shown: visible().length, message: !document.getElementById('no-results').hidden }};
        set('');
        const all = {{ shown: visible().length, message: !document.getElementById('no-results').hidden }};
        return {{ one, none, all }};
    }})()""")
    one = result["one"]
    check(probe in one["shown"] and len(one["shown"]) < len(expected_types)
          and all(probe_name.lower() in browser.eval(
              f"document.getElementById({json.dumps(t)}).dataset.search") for t in one["shown"]),
          f"searching {probe_name!r} keeps {probe} and only matching types ({len(one['shown'])} shown, \"{one['count']}\")")
    check(one["nav"] == len(one["shown"]), "the navigation follows the search")
    check(result["none"]["shown"] == 0 and result["none"]["message"], "a query with no match shows the no-match message")
    check(result["all"]["shown"] == len(expected_types) and not result["all"]["message"],
          "clearing the search shows every type again")

    print("== screenshots")
    browser.eval("window.scrollTo(0, 0)")
    settle(browser)
    browser.screenshot(os.path.join(target_dir, "docs-screenshot.png"))
    struct_id = next((t for t, d in sorted(model["types"].items())
                      if d["kind"]["kind"] == "struct" and d["kind"]["fields"]
                      and any(f.get("examples") for f in d["kind"]["fields"])), None)
    if struct_id:
        browser.eval(f"document.getElementById({json.dumps(struct_id)}).scrollIntoView()")
        browser.eval("window.scrollBy(0, -72)")
        settle(browser)
        browser.screenshot(os.path.join(target_dir, "docs-screenshot-struct.png"))
    browser.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}])
    settle(browser)
    browser.screenshot(os.path.join(target_dir, "docs-screenshot-dark.png"))

    print("== console and network")
    time.sleep(0.3)
    settle(browser)
    problems = []
    for event in browser.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            problems.append(f"console.{params.get('type')}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            problems.append("exception: " + str(details.get("exception", {}).get("description") or details.get("text")))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            problems.append(f"log {entry.get('level')} ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if url != page_url and not url.startswith("data:"):
                problems.append(f"request: {url}")
        elif method == "Network.loadingFailed":
            problems.append(f"loading failed: {params.get('errorText')}")
    for problem in problems:
        print("    " + problem)
    check(not problems, f"no console message, exception, browser error or outside request ({len(problems)} found)")
finally:
    browser.close()

if failures:
    print(f"\n{len(failures)} check(s) failed")
    sys.exit(1)
print("\nall checks passed")
PY
