"""Bulk actions on the personas page: checkboxes on the cards, the action bar, one
`POST /api/v1/personas/bulk`, and the per-persona outcome."""

from selenium.webdriver.common.keys import Keys

from studio import Studio
from test_studio_access import signed_in_with_a_draft

SCENE = "walking a dog on a beach at dawn"


def persona_in(server, name, state):
    """A persona with no image (`pending_upload`), or one uploaded image left `draft`, `approved` or `rejected`."""
    persona = server.create_persona(name)
    if state == "pending_upload":
        return persona
    assert server.upload(persona["id"], "valid-rgb.png").status == 200
    if state != "draft":
        action = "approve" if state == "approved" else "reject"
        assert server.request("POST", f"/api/v1/personas/{persona['id']}/seed-image/{action}").status == 200
    return persona


def badge(studio, persona):
    return studio.find(f".card[data-id='{persona['id']}'] .badge").text


def result(studio, persona):
    return studio.find(f"#bulk-result-list li[data-id='{persona['id']}']")


def picked(studio):
    return [box.get_attribute("data-id") for box in studio.all("#persona-grid input.pick") if box.is_selected()]


def test_bulk_approve_shows_each_outcome_and_updates_the_grid(server, browser):
    draft = persona_in(server, "Bulk Draft", "draft")
    empty = persona_in(server, "Bulk Empty", "pending_upload")
    done = persona_in(server, "Bulk Done", "approved")
    turned_down = persona_in(server, "Bulk Rejected", "rejected")
    chosen = [draft, empty, done, turned_down]
    studio = Studio(browser, server).open()
    studio.wait_page("personas", "#persona-grid")
    assert not studio.find("#bulk-bar").is_displayed()

    # Select all on this page, and back.
    studio.click("#select-all")
    studio.wait_text("#bulk-count", "4 selected")
    assert sorted(picked(studio)) == sorted(persona["id"] for persona in chosen)
    studio.click("#select-all")
    studio.wait(lambda: not studio.find("#bulk-bar").is_displayed(), "the bar to go")
    assert picked(studio) == []

    # One by one: clicks, and the space bar as a keyboard does it.
    for persona in chosen[:-1]:
        studio.click(f"#select-{persona['id']}")
    studio.wait_text("#bulk-count", "3 selected")
    assert studio.driver.execute_script("return document.getElementById('select-all').indeterminate") is True
    studio.find(f"#select-{turned_down['id']}").send_keys(Keys.SPACE)
    studio.wait_text("#bulk-count", "4 selected")
    assert studio.find("#select-all").is_selected()
    studio.shot("bulk-selected")

    studio.click("#bulk-approve")
    assert "locks the persona's appearance" in studio.wait_for("#confirm-text").text
    studio.confirm()
    studio.wait(lambda: len(studio.all("#bulk-result-list li")) == 4, "a result per persona")
    studio.wait(lambda: badge(studio, draft) == "approved", "the grid to show the approval")
    studio.shot("bulk-approved")

    # Per persona: what the single request answers now (the draft is approved by then; approving
    # again is a no-op).
    assert studio.find("#bulk-results-title").text == "Approve: 2 succeeded, 2 failed"
    for persona, succeeds in [(draft, True), (done, True), (empty, False), (turned_down, False)]:
        single = server.request("POST", f"/api/v1/personas/{persona['id']}/seed-image/approve")
        row = result(studio, persona)
        assert persona["name"] in row.text
        assert row.get_attribute("data-status") == str(single.status)
        if succeeds:
            assert single.status == 200 and "✓" in row.text and "ok" in row.get_attribute("class")
        else:
            assert 400 <= single.status < 500, single.body  # no image: 400; rejected: 409
            assert row.find_element("css selector", ".detail").text == single.json()["detail"]
            assert "failed" in row.get_attribute("class")

    assert [badge(studio, persona) for persona in chosen] == ["approved", "pending upload", "approved", "rejected"]
    assert not studio.find("#bulk-bar").is_displayed() and picked(studio) == []
    assert studio.driver.switch_to.active_element.get_attribute("id") == "bulk-results-title"
    assert browser.problems() == []


def test_bulk_generate_content_and_deactivate(make_server, engine_fake, browser):
    engine = engine_fake("--polls-to-finish", "2")
    server = make_server({"LOCAL_SD_BACKEND": "automatic1111", "LOCAL_SD_URL": engine.url})
    ready = persona_in(server, "Bulk Ready", "approved")
    waiting = persona_in(server, "Bulk Waiting", "draft")
    studio = Studio(browser, server).open()
    studio.wait_page("personas", "#persona-grid")

    studio.click(f"#select-{ready['id']}")
    studio.click(f"#select-{waiting['id']}")
    studio.click("#bulk-generate-content")
    assert studio.find("#bulk-generate-content").get_attribute("aria-expanded") == "true"
    studio.type("#bulk-prompt", SCENE)
    studio.shot("bulk-content-form")
    studio.click("#bulk-content-submit")
    studio.wait(lambda: len(studio.all("#bulk-result-list li")) == 2, "a result per persona")
    assert studio.find("#bulk-results-title").text == "Generate content: 1 succeeded, 1 failed"
    assert "job queued" in result(studio, ready).text
    assert result(studio, ready).get_attribute("data-status") == "202"
    refusal = server.request("POST", f"/api/v1/personas/{waiting['id']}/content/generate?async=true", {"engine": "local", "prompt": SCENE})
    assert refusal.status == 409
    assert result(studio, waiting).find_element("css selector", ".detail").text == refusal.json()["detail"]
    assert not studio.find("#bulk-content-form").is_displayed()
    studio.shot("bulk-content-queued")

    # Deactivated: out of the list the grid shows.
    studio.click(f"#select-{waiting['id']}")
    studio.click("#bulk-deactivate")
    studio.confirm()
    studio.wait_text("#bulk-results-title", "Deactivate: 1 succeeded, 0 failed")
    assert result(studio, waiting).get_attribute("data-status") == "204"
    studio.wait(lambda: not studio.all(f".card[data-id='{waiting['id']}']"), "the card to go")
    assert server.get(f"/api/v1/personas/{waiting['id']}").json()["is_active"] is False
    studio.shot("bulk-deactivated")

    # The queued job's image, in the persona's gallery.
    studio.wait(lambda: server.get(f"/api/v1/personas/{ready['id']}/content").json(), "the job to make its image")
    studio.go(f"#/personas/{ready['id']}")
    studio.wait_text("#content-gallery .content-item .scene", SCENE)
    assert browser.problems() == []


def test_a_read_session_gets_no_checkboxes(make_server, browser):
    _, _, persona, studio = signed_in_with_a_draft(make_server, browser, "Read Bulk", "read")
    assert studio.all(f".card[data-id='{persona['id']}']")
    assert not studio.all("input.pick") and not studio.all("#select-all") and not studio.all("#bulk-bar")
    assert browser.problems() == []
