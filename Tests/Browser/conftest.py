"""Browser tests: the real `personaseed` binary in a fresh folder, driven through headless Chromium
(Debian's `chromium` and `chromium-driver`) over WebDriver.

Run them with `scripts/browser-tests`, which builds the venv and passes the binary in
PERSONASEED_BINARY. Screenshots go to PERSONASEED_BROWSER_SHOTS (one PNG per step)."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("PERSONASEED_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PERSONASEED_CHROMEDRIVER", "/usr/bin/chromedriver")
# Bounds only a broken server or browser reaches: a passing run waits for the condition, not for these.
START_BOUND_SECONDS = 300
WAIT_BOUND_SECONDS = 60

# Nothing from the caller's environment that configures an engine, a database or webhooks.
SCRUBBED = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "LOCAL_SD_BACKEND", "LOCAL_SD_URL", "LOCAL_SD_CONTROLNET_MODEL",
            "DATABASE_URL", "BASE_IMAGES_DIR", "WEBHOOK_SECRET"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `personaseed serve` in a temporary folder of its own, on a free loopback port."""

    def __init__(self, binary, env=None, before_start=None):
        self.binary = binary
        self.folder = tempfile.mkdtemp(prefix="personaseed-browser.")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
        self.env["LOG_LEVEL"] = "warning"
        self.env.update(env or {})
        if before_start:
            before_start(self)
        self.log = open(os.path.join(self.folder, "server.log"), "wb")
        self.process = subprocess.Popen([binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        cwd=self.folder, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_BOUND_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"personaseed exited with {self.process.returncode}: {self.log_text()}")
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"personaseed did not answer /healthz within {START_BOUND_SECONDS} s")

    def log_text(self):
        self.log.flush()
        with open(os.path.join(self.folder, "server.log"), "rb") as f:
            return f.read().decode(errors="replace")[-4000:]

    def request(self, method, path, body=None, headers=None):
        """The raw answer (status, headers, body) without raising on 4xx/5xx."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read())

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def command(self, *arguments):
        """Runs `personaseed ARGUMENTS` in the server's folder (its database): the first line it prints."""
        done = subprocess.run([self.binary, *arguments], cwd=self.folder, env=self.env, capture_output=True, timeout=START_BOUND_SECONDS)
        if done.returncode != 0:
            raise RuntimeError(f"personaseed {' '.join(arguments)}: {done.stderr.decode(errors='replace')}")
        return done.stdout.decode().strip().splitlines()[0] if done.stdout.strip() else ""

    def create_persona(self, name, headers=None, **fields):
        body = {"name": name, "appearance": "Professional woman in her 30s", **fields}
        answer = self.request("POST", "/api/v1/personas", body, headers=headers)
        assert answer.status == 201, answer.body
        return answer.json()

    def upload(self, persona_id, fixture, headers=None, filename=None, content_type="image/png"):
        """A multipart upload of a file from Tests/Fixtures, as curl -F sends it."""
        with open(os.path.join(FIXTURES, fixture), "rb") as f:
            data = f.read()
        boundary = "----personaseed-browser-test"
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename or fixture}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base + f"/api/v1/personas/{persona_id}/seed-image/upload", data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read())

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


class EngineFake:
    """The fake AUTOMATIC1111 (`engine-fake`, built beside personaseed) as a process of its own."""

    def __init__(self, binary, *flags):
        image = os.path.join(FIXTURES, "generated-1024.png")
        self.process = subprocess.Popen([binary, "--image", image, *flags], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.url = self.process.stdout.readline().decode().strip()
        if not self.url.startswith("http://"):
            self.process.kill()
            raise RuntimeError(f"engine-fake did not start: {self.url}")

    def stop(self):
        self.process.kill()
        self.process.wait()


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures")


@pytest.fixture(scope="session")
def binary():
    path = os.environ.get("PERSONASEED_BINARY")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("set PERSONASEED_BINARY to the built personaseed (scripts/browser-tests does)")
    return path


@pytest.fixture
def server(binary):
    running = Server(binary)
    yield running
    running.stop()


@pytest.fixture
def make_server(binary):
    """Servers with settings of the test's choosing (an engine, say), all stopped afterwards."""
    started = []

    def make(env=None, before_start=None):
        running = Server(binary, env, before_start=before_start)
        started.append(running)
        return running

    yield make
    for running in started:
        running.stop()


@pytest.fixture
def engine_fake(binary):
    """Starts `engine-fake` with the given flags (`--polls-to-finish 4`, `--hang`, `--error TEXT`)."""
    started = []
    path = os.path.join(os.path.dirname(binary), "engine-fake")

    def start(*flags):
        fake = EngineFake(path, *flags)
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.stop()


class Browser:
    """Headless Chromium with its console and network logs, for 'no console errors and no failed
    requests' checks, and numbered screenshots."""

    def __init__(self, shots_dir, test_name):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        # --no-sandbox: Chromium's sandbox cannot start as root, which CI is.
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1000", "--no-first-run", "--disable-extensions"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.driver.set_page_load_timeout(WAIT_BOUND_SECONDS)
        self.shots_dir = shots_dir
        self.test_name = test_name
        self.shot_count = 0
        self.console = []
        self.failed_requests = []

    def screenshot(self, step):
        self.shot_count += 1
        os.makedirs(self.shots_dir, exist_ok=True)
        path = os.path.join(self.shots_dir, f"{self.test_name}-{self.shot_count:02d}-{step}.png")
        self.driver.save_screenshot(path)
        return path

    def collect_logs(self):
        """Moves what the browser logged since the last call into `console` and `failed_requests`."""
        for entry in self.driver.get_log("browser"):
            if entry["level"] == "SEVERE":
                self.console.append(entry["message"])
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.loadingFailed" and not params.get("canceled"):
                self.failed_requests.append(f"{params.get('type')}: {params.get('errorText')}")
            elif message["method"] == "Network.responseReceived":
                response = params.get("response", {})
                if response.get("status", 0) >= 400:
                    self.failed_requests.append(f"{response.get('status')} {response.get('url')}")

    def problems(self, expected=()):
        """Console errors and failed requests, less the `expected` ones: (status, part of the URL) pairs
        for refusals the test provoked on purpose (the browser logs each as a console error too)."""
        self.collect_logs()
        def provoked(entry):
            return any(f"{status}" in entry and part in entry for status, part in expected)
        return [entry for entry in self.console + self.failed_requests if not provoked(entry)]

    def quit(self):
        self.driver.quit()


@pytest.fixture
def browser(request):
    shots = os.environ.get("PERSONASEED_BROWSER_SHOTS") or tempfile.mkdtemp(prefix="personaseed-shots.")
    opened = Browser(shots, request.node.name)
    yield opened
    opened.quit()
