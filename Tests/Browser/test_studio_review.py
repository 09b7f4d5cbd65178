"""The reviewer's whole path in the studio, in protected mode (no keys: the local user has every right)."""

import os
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin

from conftest import FIXTURES
from studio import Studio


def progress_values(studio, until, what):
    """Samples the generation progress bar until `until()` holds."""
    seen = []
    def sample():
        bars = studio.all("#generate-progress")
        if bars and bars[0].is_displayed():
            seen.append(float(bars[0].get_attribute("value")))
        return until()
    studio.wait(sample, what)
    return seen


def test_create_upload_compare_approve_reject_generate_pick_approve(make_server, engine_fake, browser):
    engine = engine_fake("--polls-to-finish", "4")
    server = make_server({"LOCAL_SD_BACKEND": "automatic1111", "LOCAL_SD_URL": engine.url})
    studio = Studio(browser, server).open()
    studio.wait_page("personas", "#new-persona")
    studio.shot("personas-empty")

    # A 422 first: the server's message under the field it is about.
    studio.click("#new-persona")
    studio.type("#new-persona-form input[name=name]", "x")
    studio.type("#new-persona-form textarea[name=appearance]", "Professional woman in her 30s")
    studio.click("#new-persona-form button[type=submit]")
    name_error = studio.wait_text(".field-error", "at least 2 characters")
    studio.shot("field-error")
    expected = server.request("POST", "/api/v1/personas", {"name": "x", "appearance": "Professional woman in her 30s"}).json()
    assert any(problem["msg"] in name_error.text for problem in expected["detail"] if problem["loc"][-1] == "name")

    studio.type("#new-persona-form input[name=name]", "Sarah Studio")
    studio.click("#new-persona-form button[type=submit]")
    studio.wait_page("personas", "#upload-file")
    assert studio.find("#persona-name").text == "Sarah Studio"
    assert studio.status() == "pending_upload"
    assert studio.find("#approve").get_attribute("disabled") is not None
    studio.shot("persona-new")

    # Two uploads through the file input.
    studio.choose_file("#upload-file", "valid-rgb.png")
    studio.wait(lambda: studio.versions() == [1], "version 1")
    assert studio.status() == "draft"
    studio.choose_file("#upload-file", "valid.jpg")
    studio.wait(lambda: studio.versions() == [2, 1], "version 2")
    assert studio.find("#current-image").get_attribute("alt").endswith("(version 2)")
    studio.shot("two-drafts")

    # Side by side: equal panes, and zoom and pan follow in every pane.
    studio.click("#pick-1")
    studio.click("#pick-2")
    studio.click("#compare")
    studio.wait_page("personas", "#compare-panes .viewport")
    studio.wait(lambda: len(studio.all(".viewport")) == 2, "two panes")
    first, second = studio.all(".viewport")
    assert first.size == second.size
    ActionChains(browser.driver).scroll_from_origin(ScrollOrigin.from_element(first), 0, -300).perform()
    studio.wait(lambda: float(second.get_attribute("data-scale")) > 1, "the other pane to zoom")
    assert first.get_attribute("data-scale") == second.get_attribute("data-scale")
    ActionChains(browser.driver).move_to_element(second).click_and_hold().move_by_offset(-40, -30).release().perform()
    studio.wait(lambda: first.get_attribute("data-x") != "0" and first.get_attribute("data-x") == second.get_attribute("data-x"), "the pan to follow")
    assert first.get_attribute("data-y") == second.get_attribute("data-y")
    studio.shot("side-by-side-zoomed")

    # Approve version 1 from its pane, with the confirmation.
    studio.find(".pane[data-version='1'] .approve-this").click()
    assert "locks the persona's appearance" in studio.wait_for("#confirm-text").text
    studio.shot("approve-confirmation")
    studio.confirm()
    studio.wait(lambda: studio.all("article[data-status=approved]"), "approved")
    assert studio.find("#current-image").get_attribute("alt").endswith("(version 1)")
    for locked in ["#edit-appearance", "#edit-base_appearance_description", "#edit-image_style"]:
        assert studio.find(locked).get_attribute("disabled") is not None, locked
    assert studio.find("#edit-name").get_attribute("disabled") is None
    assert "reject the baseline to change" in studio.find("#lock-notice").text
    assert studio.find("#approve").get_attribute("disabled") is not None
    assert not studio.all("#upload-file") and not studio.all("#generate")
    assert all(button.get_attribute("disabled") is not None for button in studio.all(".select-version"))
    studio.shot("approved-locked")

    studio.click("#reject")
    studio.wait(lambda: studio.all("article[data-status=rejected]"), "rejected")
    assert studio.find("#edit-appearance").get_attribute("disabled") is None
    assert studio.find("#approve").get_attribute("disabled") is not None  # a rejected image is not approved again
    studio.shot("rejected")

    # Three candidates from the local engine, with the progress bar moving.
    studio.type("#gen-count", "3")
    studio.type("#gen-seed", "1234")
    studio.click("#generate")
    seen = progress_values(studio, lambda: studio.versions() == [5, 4, 3, 2, 1], "the candidates")
    assert any(0 < value < 1 for value in seen), seen
    assert seen == sorted(seen), seen
    assert studio.status() == "draft"
    studio.shot("candidates")

    # Pick candidate 4 and approve it.
    studio.find(".version[data-version='4'] .select-version").click()
    studio.wait(lambda: studio.find("#current-image").get_attribute("alt").endswith("(version 4)"), "version 4 current")
    studio.click("#approve")
    studio.confirm()
    studio.wait(lambda: studio.all("article[data-status=approved]"), "approved again")
    persona = server.get(f"/api/v1/personas/{studio.driver.current_url.split('/')[-1]}").json()
    assert persona["base_image"]["version"] == 4 and persona["appearance_locked"] is True
    history = [entry["action"] for entry in server.get(f"/api/v1/personas/{persona['id']}/seed-image/history").json()]
    assert history.count("approve") == 2 and "reject" in history and history.count("generate-local") == 3
    assert len(studio.all("#history li")) == len(history)
    studio.shot("approved-candidate")
    assert browser.problems(expected=[(422, "/api/v1/personas")]) == []


def test_approval_can_be_called_off(server, browser):
    persona = server.create_persona("Cancel Approve")
    assert server.upload(persona["id"], "valid-rgb.png").status == 200
    studio = Studio(browser, server).open(f"#/personas/{persona['id']}")
    studio.click("#approve")
    studio.confirm(accept=False)
    time.sleep(0.5)  # nothing may happen: give a wrong click the time to reach the server
    assert server.get(f"/api/v1/personas/{persona['id']}").json()["base_image_status"] == "draft"
    assert browser.problems() == []


def test_cancelling_a_running_generation_stores_nothing(make_server, engine_fake, browser):
    engine = engine_fake("--hang")
    server = make_server({"LOCAL_SD_BACKEND": "automatic1111", "LOCAL_SD_URL": engine.url})
    persona = server.create_persona("Cancel Run")
    studio = Studio(browser, server).open(f"#/personas/{persona['id']}")
    studio.click("#generate")
    studio.wait_text("#generate-state", "running")
    studio.shot("running")
    studio.click("#cancel-job")
    studio.wait_text("#generate-state", "Cancelled")
    studio.shot("cancelled")
    assert studio.versions() == []
    assert server.get(f"/api/v1/personas/{persona['id']}/seed-image/versions").json() == []
    assert browser.problems() == []


def test_an_engine_error_is_shown_in_words(make_server, engine_fake, browser):
    engine = engine_fake("--error", "CUDA error: out of memory")
    server = make_server({"LOCAL_SD_BACKEND": "automatic1111", "LOCAL_SD_URL": engine.url})
    persona = server.create_persona("Engine Error")
    studio = Studio(browser, server).open(f"#/personas/{persona['id']}")
    studio.click("#generate")
    error = studio.wait_text("#generate-error", "CUDA error: out of memory")
    assert error.text.startswith("Generation failed:")
    studio.shot("engine-error")
    assert studio.versions() == []
    assert browser.problems() == []


def test_a_refused_upload_shows_the_servers_text(server, browser, tmp_path):
    persona = server.create_persona("Refused Upload")
    # A text file named .png: the browser declares it image/png, as curl would.
    text_as_png = tmp_path / "notes.png"
    text_as_png.write_bytes(open(os.path.join(FIXTURES, "plain.txt"), "rb").read())
    expected = server.upload(persona["id"], "plain.txt", filename="notes.png").json()["detail"]
    studio = Studio(browser, server).open(f"#/personas/{persona['id']}")
    studio.choose_path("#upload-file", str(text_as_png))
    error = studio.wait_for("#upload-error")
    studio.wait(lambda: error.text == expected, "the server's text")
    studio.shot("refused-upload")
    assert studio.versions() == []
    assert server.get(f"/api/v1/personas/{persona['id']}").json()["base_image_status"] == "pending_upload"
    assert browser.problems(expected=[(400, "/seed-image/upload")]) == []


def test_hostile_text_is_shown_as_text(server, browser):
    hostile = "<img src=x onerror=alert(1)>"
    persona = server.create_persona("Hostile Text", appearance=hostile + " professional woman",
                                    personality=hostile + " confident expert", base_appearance_description=hostile)
    studio = Studio(browser, server).open()
    # The name is refused by the API (it forbids < > & '): the refusal is shown as text too.
    studio.click("#new-persona")
    studio.type("#new-persona-form input[name=name]", hostile)
    studio.type("#new-persona-form textarea[name=appearance]", hostile + " professional woman")
    studio.click("#new-persona-form button[type=submit]")
    studio.wait(lambda: any(e.text for e in studio.all("#new-persona-form .field-error")), "the name's refusal")
    studio.go(f"#/personas/{persona['id']}")
    studio.wait_page("personas", "#fields-form")
    assert studio.find("#edit-appearance").get_attribute("value") == hostile + " professional woman"
    assert studio.find("#edit-base_appearance_description").get_attribute("value") == hostile
    assert studio.driver.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert studio.no_alert()
    studio.shot("hostile-text")
    assert browser.problems(expected=[(422, "/api/v1/personas")]) == []


def test_every_page_carries_the_policy(server):
    for path in ["/", "/studio/app.js", "/studio/studio.css", "/studio/persona.js", "/studio/icon.svg"]:
        answer = server.get(path)
        assert answer.status == 200, path
        policy = answer.headers["Content-Security-Policy"]
        for directive in ["default-src 'self'", "img-src 'self' blob: data:", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]:
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert answer.headers["X-Frame-Options"] == "DENY"
    assert server.get("/studio/nothing.js").status == 404


def test_readable_at_800_pixels_and_usable_by_keyboard(server, browser):
    persona = server.create_persona("Keyboard Kim")
    for fixture in ["valid-rgb.png", "valid.jpg"]:
        assert server.upload(persona["id"], fixture, content_type="image/jpeg" if fixture.endswith("jpg") else "image/png").status == 200
    browser.driver.set_window_size(800, 900)
    studio = Studio(browser, server).open(f"#/personas/{persona['id']}")
    studio.wait_for("#fields-form")
    overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert studio.driver.execute_script(overflow) <= 0
    studio.shot("persona-800px")
    # Every input has a label that names it.
    unlabelled = studio.driver.execute_script("""
        return [...document.querySelectorAll("main input, main select, main textarea")]
          .filter((input) => !(input.labels && input.labels.length) && !input.getAttribute("aria-label"))
          .map((input) => input.id || input.name);
    """)
    assert unlabelled == []
    # Tab reaches the approve button; Enter opens the confirmation; Escape calls it off.
    from selenium.webdriver.common.keys import Keys
    body = studio.find("body")
    for _ in range(60):
        body = studio.driver.switch_to.active_element
        if body.get_attribute("id") == "approve":
            break
        body.send_keys(Keys.TAB)
    assert studio.driver.switch_to.active_element.get_attribute("id") == "approve"
    studio.driver.switch_to.active_element.send_keys(Keys.ENTER)
    studio.wait_for("dialog#confirm")
    studio.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    studio.wait(lambda: not studio.find("dialog#confirm").is_displayed(), "the dialog to close")
    assert server.get(f"/api/v1/personas/{persona['id']}").json()["base_image_status"] == "draft"
    # Side by side by keyboard: + zooms, an arrow key pans, in every pane.
    studio.go(f"#/personas/{persona['id']}/compare/1,2")
    viewport = studio.wait_for(".viewport")
    assert studio.driver.execute_script(overflow) <= 0
    viewport.send_keys("+")
    viewport.send_keys(Keys.ARROW_LEFT)
    studio.wait(lambda: all(v.get_attribute("data-scale") == "1.25" and v.get_attribute("data-x") != "0" for v in studio.all(".viewport")), "zoom and pan in both panes")
    studio.shot("compare-800px-keyboard")
    assert browser.problems() == []
