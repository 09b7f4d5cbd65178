"""GET /docs in a real browser: every operation of /openapi.json is an expandable entry."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT_BOUND_SECONDS

METHODS = ["get", "put", "post", "delete", "patch", "head", "options"]


def documented_operations(server):
    document = server.get("/openapi.json").json()
    return {(method.upper(), path, operation["operationId"])
            for path, item in document["paths"].items()
            for method, operation in item.items() if method in METHODS}


def rendered_operations(driver):
    return driver.find_elements(By.CSS_SELECTOR, "details.operation")


def test_every_operation_is_an_expandable_entry(server, browser):
    expected = documented_operations(server)
    assert len(expected) > 20, expected
    driver = browser.driver
    driver.get(server.base + "/docs")
    WebDriverWait(driver, WAIT_BOUND_SECONDS).until(lambda d: len(rendered_operations(d)) >= len(expected))
    browser.screenshot("rendered")

    entries = rendered_operations(driver)
    seen = set()
    for entry in entries:
        method = entry.find_element(By.CSS_SELECTOR, "summary .method").text
        path = entry.find_element(By.CSS_SELECTOR, "summary .path").text
        seen.add((method, path, entry.get_attribute("id")))
        assert entry.get_attribute("open") is None, f"{method} {path} starts open"
        entry.find_element(By.TAG_NAME, "summary").click()
        assert entry.get_attribute("open") == "true", f"{method} {path} did not expand"
        body = entry.find_element(By.CSS_SELECTOR, ".body")
        assert body.is_displayed()
        assert "Responses" in body.text, f"{method} {path} shows no responses: {body.text[:200]}"
    assert seen == expected
    assert len(entries) == len(expected)
    # The symptom of an array appended as one node: its elements' names as text.
    assert "[object" not in driver.find_element(By.TAG_NAME, "body").text
    browser.screenshot("expanded")
    assert browser.problems() == []


def test_an_operation_anchor_opens_that_operation(server, browser):
    driver = browser.driver
    driver.get(server.base + "/docs#uploadSeedImage")
    WebDriverWait(driver, WAIT_BOUND_SECONDS).until(lambda d: len(rendered_operations(d)) > 0)
    target = driver.find_element(By.ID, "uploadSeedImage")
    assert target.get_attribute("open") == "true"
    assert "/seed-image/upload" in target.find_element(By.CSS_SELECTOR, "summary .path").text
    assert browser.problems() == []


def test_the_page_and_its_parts_carry_a_strict_policy(server):
    for path in ["/docs", "/docs/docs.js", "/docs/docs.css", "/docs/icon.svg"]:
        answer = server.get(path)
        assert answer.status == 200, path
        policy = answer.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
