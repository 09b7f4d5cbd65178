"""Content in the studio: images of an approved persona in scenes, made from the persona's page with
the local engine (engine-fake), shown in its gallery, deleted; and the form's refusal for a persona
that has no approved baseline."""

from selenium.webdriver.support.ui import Select

from studio import Studio

SCENE = "reading in a sunlit cafe, candid"


def approved_persona(server, name):
    persona = server.create_persona(name)
    assert server.upload(persona["id"], "valid-rgb.png").status == 200
    answer = server.request("POST", f"/api/v1/personas/{persona['id']}/seed-image/approve")
    assert answer.status == 200, answer.body
    return persona


def content_items(studio):
    return studio.all("#content-gallery .content-item")


def test_content_is_made_from_the_form_shown_in_the_gallery_and_deleted(make_server, engine_fake, browser):
    engine = engine_fake("--polls-to-finish", "4")
    server = make_server({"LOCAL_SD_BACKEND": "automatic1111", "LOCAL_SD_URL": engine.url})
    persona = approved_persona(server, "Content Clara")
    base = f"/api/v1/personas/{persona['id']}/content"
    studio = Studio(browser, server).open(f"#/personas/{persona['id']}")
    studio.wait_for("#content-form")
    assert not studio.all("#content-locked")
    assert studio.find("#content-generate").is_enabled()
    assert studio.wait_for("#no-content").text == "No content yet."
    assert content_items(studio) == []
    assert [option.text for option in studio.all("#content-filter option")] == ["All", "v1"]
    studio.shot("content-empty")

    # An empty scene: the server's 422 under the Scene field.
    studio.click("#content-generate")
    refusal = server.request("POST", base + "/generate?async=true", {"engine": "local", "prompt": ""}).json()
    expected = next(problem["msg"] for problem in refusal["detail"] if problem["loc"][-1] == "prompt")
    studio.wait(lambda: studio.find("#content-prompt-error").text == expected, "the scene's refusal")
    studio.shot("content-scene-refused")

    # The slider and the number are one setting.
    Select(studio.find("#content-engine")).select_by_value("local")
    studio.type("#content-prompt", SCENE)
    studio.type("#content-identity_strength", "0.75")
    assert studio.find("#content-strength-slider").get_attribute("value") == "0.75"
    assert studio.find("#content-prompt-error").text == expected  # until the next submission
    studio.click("#content-generate")
    seen = []

    def sample():
        bars = studio.all("#content-job-progress")
        if bars and bars[0].is_displayed():
            seen.append(float(bars[0].get_attribute("value")))
        return content_items(studio)
    studio.wait(sample, "the new image in the gallery")
    assert any(0 < value < 1 for value in seen), seen
    assert seen == sorted(seen), seen
    assert studio.find("#content-prompt-error").text == ""
    studio.wait_text("#content-job-state", "1 new image")
    assert not studio.find("#content-cancel").is_displayed()
    assert studio.find("#content-generate").is_enabled()

    stored = server.get(base).json()
    assert len(stored) == 1
    made = stored[0]
    assert made["scene_prompt"] == SCENE and made["baseline_version"] == 1 and made["engine"] == "local"
    assert made["identity_strength"] == 0.75
    [item] = content_items(studio)
    assert item.get_attribute("data-id") == made["id"]
    assert SCENE in item.find_element("css selector", ".scene").text
    assert item.find_element("css selector", ".from").text == "from v1"
    thumbnail = item.find_element("css selector", "img")
    assert thumbnail.get_attribute("src").endswith(made["thumbnail_url"])
    studio.wait(lambda: studio.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", thumbnail) > 0, "the thumbnail")
    studio.driver.execute_script("arguments[0].scrollIntoView()", item)
    studio.shot("content-made")

    # The filter asks the server for one baseline's content.
    Select(studio.find("#content-filter")).select_by_visible_text("v1")
    studio.wait(lambda: [i.get_attribute("data-id") for i in content_items(studio)] == [made["id"]], "v1's content")

    studio.find(f".content-item[data-id='{made['id']}'] .delete-content").click()
    assert SCENE in studio.wait_for("#confirm-text").text
    studio.confirm()
    studio.wait(lambda: not content_items(studio), "the image to go")
    assert studio.wait_for("#no-content").text == "No content from v1."
    assert studio.driver.switch_to.active_element.get_attribute("id") == "content-title"
    assert server.get(base).json() == []
    assert server.get(base + "/" + made["id"]).status == 404
    studio.shot("content-deleted")
    assert browser.problems(expected=[(422, "/content/generate")]) == []


def test_a_draft_persona_shows_the_form_disabled_and_why(server, browser):
    persona = server.create_persona("Draft Dora")
    assert server.upload(persona["id"], "valid-rgb.png").status == 200
    studio = Studio(browser, server).open(f"#/personas/{persona['id']}")
    studio.wait_for("#content-form")
    assert "Approve a baseline first: content is made from the approved face" in studio.find("#content-locked").text
    assert studio.find("#content-form fieldset").get_attribute("disabled") is not None
    for control in ["#content-engine", "#content-prompt", "#content-identity_strength", "#content-strength-slider", "#content-count", "#content-generate"]:
        assert not studio.find(control).is_enabled(), control
    assert studio.wait_for("#no-content").text == "No content yet."
    # Every control of the page is named by a label.
    unlabelled = studio.driver.execute_script("""
        return [...document.querySelectorAll("main input, main select, main textarea")]
          .filter((input) => !(input.labels && input.labels.length) && !input.getAttribute("aria-label"))
          .map((input) => input.id || input.name);
    """)
    assert unlabelled == []
    studio.driver.execute_script("document.getElementById('content-form').scrollIntoView()")
    studio.shot("content-draft-disabled")
    # What the form spares the person: the server's refusal.
    answer = server.request("POST", f"/api/v1/personas/{persona['id']}/content/generate?async=true", {"engine": "local", "prompt": SCENE})
    assert answer.status == 409, answer.body
    assert browser.problems() == []
