"""Makes the studio screenshots the README shows (docs/studio-persona.png, docs/studio-compare.png):
the real binary, a fake local engine, a persona with uploads and generated candidates.

    python docs_screenshots.py BINARY ENGINE_FAKE OUTPUT_DIR      (scripts/studio-screenshots runs it)
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Browser"))
from conftest import Browser, EngineFake, Server  # noqa: E402


def main():
    binary, fake_binary, output = sys.argv[1], sys.argv[2], sys.argv[3]
    engine = EngineFake(fake_binary, "--polls-to-finish", "1")
    server = Server(binary, {"LOCAL_SD_BACKEND": "automatic1111", "LOCAL_SD_URL": engine.url})
    browser = Browser(output, "docs")
    try:
        persona = server.create_persona(
            "Ava Lindqvist", appearance="Woman in her early 30s, shoulder-length dark hair, warm smile",
            personality="Confident tech educator who explains things plainly",
            base_appearance_description="Professional woman in her early 30s, shoulder-length dark hair, warm smile, modern business casual attire")
        assert server.upload(persona["id"], "generated-1024.png").status == 200
        job = server.request("POST", f"/api/v1/personas/{persona['id']}/seed-image/generate-local?async=true", {"count": 3, "seed": 4242}).json()
        deadline = time.monotonic() + 120
        while server.get(f"/api/v1/jobs/{job['id']}").json()["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.2)
        browser.driver.set_window_size(1280, 1500)
        browser.driver.get(server.base + f"/#/personas/{persona['id']}")
        time.sleep(1.5)
        browser.driver.save_screenshot(os.path.join(output, "studio-persona.png"))
        browser.driver.set_window_size(1280, 820)
        browser.driver.get(server.base + f"/#/personas/{persona['id']}/compare/1,2,3")
        time.sleep(1)
        for _ in range(3):
            browser.driver.find_element("id", "zoom-in").click()
        time.sleep(0.5)
        browser.driver.save_screenshot(os.path.join(output, "studio-compare.png"))
    finally:
        browser.quit()
        server.stop()
        engine.stop()


if __name__ == "__main__":
    main()
