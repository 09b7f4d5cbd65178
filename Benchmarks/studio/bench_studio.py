"""The studio in a real browser, timed with the Navigation and Resource Timing APIs.

1,000 personas with 3 versions each (1024-px PNGs, so thumbnails are real 256-px WEBPs), and one persona
with 20 versions. For each page, 10 fresh navigations; a page is "fully rendered" when the router has
put its content in place (the `studio:rendered` mark) and every image it shows has arrived (the last
`responseEnd` of the page's image requests), counted from the navigation's start.

    python bench_studio.py BINARY FIXTURE_PNG [runs]
"""

import concurrent.futures
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Browser"))
from conftest import Browser, Server  # noqa: E402

PERSONAS = 1000
VERSIONS = 3
LARGE = 20

FULLY_RENDERED = """
const [imagePart, done] = arguments;
function check() {
  const mark = performance.getEntriesByName("studio:rendered")[0];
  if (!mark) return setTimeout(check, 5);
  const images = [...document.querySelectorAll("main img")];
  if (!images.length || !images.every((image) => image.complete)) return setTimeout(check, 5);
  const loaded = performance.getEntriesByType("resource").filter((entry) => entry.name.includes(imagePart));
  const end = Math.max(mark.startTime, ...loaded.map((entry) => entry.responseEnd));
  done({ ms: end, images: images.length, loaded: loaded.length, cards: document.querySelectorAll(".card").length });
}
check();
"""


def seed(server, png):
    boundary = "----bench"
    def body():
        with open(png, "rb") as f:
            data = f.read()
        return (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n'
                ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    form = body()

    def upload(persona_id):
        import urllib.request
        request = urllib.request.Request(server.base + f"/api/v1/personas/{persona_id}/seed-image/upload", data=form, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=300) as response:
            assert response.status == 200

    def persona(index, versions):
        created = server.create_persona(f"Bench Persona {index:04d}")
        for _ in range(versions):
            upload(created["id"])
        return created["id"]

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda index: persona(index, VERSIONS), range(PERSONAS)))
    large = persona(PERSONAS, LARGE)
    print(f"seeded {PERSONAS} personas x {VERSIONS} versions + 1 x {LARGE} in {time.monotonic() - started:.0f} s", flush=True)
    return large


def measure(browser, url, image_part, runs):
    results = []
    for _ in range(runs):
        browser.driver.get("about:blank")
        browser.driver.get(url)
        results.append(browser.driver.execute_async_script(FULLY_RENDERED, image_part))
    return results


def report(name, results, target):
    times = sorted(result["ms"] for result in results)
    median = statistics.median(times)
    print(f"{name}: median {median:.0f} ms, min {times[0]:.0f}, max {times[-1]:.0f} over {len(times)} runs "
          f"({results[0]['images']} images) — target ≤ {target} ms: {'met' if median <= target else 'MISSED'}", flush=True)


def main():
    binary, png = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    server = Server(binary)
    browser = Browser(os.environ.get("TMPDIR", "/tmp"), "bench")
    try:
        large = seed(server, png)
        weight = sum(len(server.get(f"/studio/{name}").body) for name in
                     ["studio.css", "dom.js", "api.js", "app.js", "personas.js", "persona.js", "persona-actions.js", "compare.js", "keys.js"])
        print(f"studio JS + CSS: {weight} bytes ({weight / 1024:.1f} KiB) uncompressed", flush=True)
        listing = measure(browser, server.base + "/#/", "size=thumb", runs)
        assert all(result["cards"] == 50 for result in listing), listing
        report("personas page (50 cards with thumbnails)", listing, 300)
        page = measure(browser, server.base + f"/#/personas/{large}", "/image", runs)
        assert all(result["images"] == LARGE + 1 for result in page), page
        report(f"persona page ({LARGE} versions + current image)", page, 200)
        print(json.dumps({"personas_page_ms": [r["ms"] for r in listing], "persona_page_ms": [r["ms"] for r in page]}))
    finally:
        browser.quit()
        server.stop()


if __name__ == "__main__":
    main()
