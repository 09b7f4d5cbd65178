"""Signing in to the studio with an API key: sessions, scopes, sign-out, revocation, cross-origin refusals."""

import json
import urllib.request

from studio import Studio


def keyed_server(make_server):
    """A server with keys made by the CLI before it starts: admin, approve and read."""
    keys = {}

    def make_keys(server):
        keys["admin"] = server.command("keys", "create", "--name", "boss", "--scopes", "read,write,approve,admin")
        keys["approve"] = server.command("keys", "create", "--name", "reviewer", "--scopes", "read,write,approve")
        keys["read"] = server.command("keys", "create", "--name", "viewer", "--scopes", "read")

    server = make_server(before_start=make_keys)
    return server, keys


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


def sign_in(studio, key):
    studio.open("#/signin")
    studio.type("#signin-key", key)
    studio.click("#signin-submit")
    studio.wait_page("personas", "#persona-grid, #no-personas")


def signed_in_with_a_draft(make_server, browser, name, scope):
    """A keyed server with one persona in draft (made with the admin key), and the studio signed in
    with the `scope` key."""
    server, keys = keyed_server(make_server)
    persona = server.create_persona(name, headers=bearer(keys["admin"]))
    assert server.upload(persona["id"], "valid-rgb.png", headers=bearer(keys["admin"])).status == 200
    studio = Studio(browser, server)
    sign_in(studio, keys[scope])
    return server, keys, persona, studio


def page_fetch(studio, method, path, body=None):
    """A request sent by the studio's page itself (same origin, the session cookie goes along)."""
    return studio.driver.execute_async_script("""
        const [method, path, body, done] = arguments;
        fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined })
          .then(async (response) => done({ status: response.status, text: await response.text() }))
          .catch((error) => done({ status: 0, text: String(error) }));
    """, method, path, body)


def test_signed_out_visitors_see_the_sign_in_page_and_a_bad_key_is_refused(make_server, browser):
    server, _ = keyed_server(make_server)
    studio = Studio(browser, server).open()
    studio.wait_page("signin", "#signin-key")
    studio.type("#signin-key", "psk_not-a-real-key")
    studio.click("#signin-submit")
    studio.wait_text("#signin-error", "Invalid API key")
    studio.shot("bad-key")
    assert browser.problems(expected=[(401, "/api/v1/session")]) == []


def test_a_read_session_shows_no_changes_and_the_server_refuses_a_forged_one(make_server, browser):
    server, keys, persona, studio = signed_in_with_a_draft(make_server, browser, "Read Only", "read")
    cookie = studio.driver.get_cookie("personaseed_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert keys["read"] not in json.dumps(studio.driver.execute_script("return [document.cookie, {...localStorage}, {...sessionStorage}]"))
    assert not studio.all("#new-persona")
    studio.go(f"#/personas/{persona['id']}")
    studio.wait_page("personas", "#fields-form")
    assert not studio.all("#approve") and not studio.all("#upload-file") and not studio.all("#save-fields")
    assert "approve' scope" in studio.find("main").text
    studio.shot("read-session")
    forged = page_fetch(studio, "POST", f"/api/v1/personas/{persona['id']}/seed-image/approve")
    assert forged["status"] == 403 and "lacks the 'approve' scope" in forged["text"]
    assert server.get(f"/api/v1/personas/{persona['id']}", headers=bearer(keys["read"])).json()["base_image_status"] == "draft"
    assert browser.problems(expected=[(403, "/seed-image/approve")]) == []


def test_an_approve_session_approves_and_sign_out_ends_it(make_server, browser):
    server, keys, persona, studio = signed_in_with_a_draft(make_server, browser, "Approver", "approve")
    assert "Signed in as reviewer" in studio.find("#nav").text
    assert not studio.all("a[href='#/keys']")  # not an admin
    studio.go(f"#/personas/{persona['id']}")
    studio.click("#approve")
    studio.confirm()
    studio.wait(lambda: studio.all("article[data-status=approved]"), "approved")
    history = server.get(f"/api/v1/personas/{persona['id']}/seed-image/history", headers=bearer(keys["admin"])).json()
    assert history[-1]["action"] == "approve" and history[-1]["actor"] == "reviewer"
    studio.shot("approved-by-session")
    cookie = studio.driver.get_cookie("personaseed_session")["value"]
    studio.click("#sign-out")
    studio.wait_page("signin", "#signin-key")
    assert studio.driver.get_cookie("personaseed_session") is None
    # The old cookie no longer opens anything, even sent by hand.
    stale = server.get("/api/v1/session", headers={"Cookie": f"personaseed_session={cookie}"})
    assert stale.json()["via"] == "none"
    assert server.get("/api/v1/personas", headers={"Cookie": f"personaseed_session={cookie}"}).status == 401
    assert browser.problems() == []


def test_revoking_the_key_ends_its_sessions(make_server, browser):
    server, keys = keyed_server(make_server)
    studio = Studio(browser, server)
    sign_in(studio, keys["approve"])
    server.command("keys", "revoke", "reviewer")
    studio.driver.refresh()
    studio.wait_page("signin", "#signin-key")
    studio.shot("revoked")
    assert browser.problems() == []


def test_changes_with_the_cookie_must_come_from_the_studio(make_server, browser):
    server, keys = keyed_server(make_server)
    studio = Studio(browser, server)
    sign_in(studio, keys["admin"])
    cookie = {"Cookie": "personaseed_session=" + studio.driver.get_cookie("personaseed_session")["value"]}
    body = {"name": "Forged", "appearance": "Professional woman in her 30s"}
    for headers in [{"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {}]:
        refused = server.request("POST", "/api/v1/personas", body, headers={**cookie, **headers})
        assert refused.status == 403, (headers, refused.body)
        assert "Cross-origin request refused" in refused.json()["detail"]
    accepted = server.request("POST", "/api/v1/personas", body, headers={**cookie, "Origin": server.base})
    assert accepted.status == 201
    # From another site's page in the same browser: the cookie is not even sent (SameSite=Strict).
    other = server.base.replace("127.0.0.1", "localhost")
    studio.driver.get(other + "/healthz")
    result = studio.driver.execute_async_script("""
        const [url, body, done] = arguments;
        fetch(url, { method: "POST", credentials: "include", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) })
          .then(() => done("sent")).catch((error) => done(String(error)));
    """, server.base + "/api/v1/personas", {"name": "Cross Site", "appearance": "Professional woman in her 30s"})
    assert result == "sent"
    names = [p["name"] for p in server.get("/api/v1/personas?limit=100", headers=bearer(keys["admin"])).json()]
    assert "Cross Site" not in names and "Forged" in names


def test_keys_page_creates_a_key_shown_once_and_revokes_it(make_server, browser):
    server, keys = keyed_server(make_server)
    studio = Studio(browser, server)
    sign_in(studio, keys["admin"])
    studio.click("a[href='#/keys']")
    studio.wait_page("keys", "#keys-table")
    studio.type("#key-name", "studio-made")
    studio.find("#key-form input[value=write]").click()
    studio.find("#key-form button[type=submit]").click()
    secret = studio.wait_for("#new-key-value").text
    assert secret.startswith("psk_")
    assert studio.find("#copy-key").is_displayed()
    studio.shot("key-created")
    assert server.get("/api/v1/session", headers=bearer(secret)).json()["scopes"] == ["read", "write"]
    studio.click("#new-key a")
    studio.wait(lambda: studio.all("tr[data-name='studio-made'] .revoke"), "the new key listed")
    assert secret not in studio.find("#keys-table").text  # shown once, never listed
    studio.find("tr[data-name='studio-made'] .revoke").click()
    studio.confirm()
    studio.wait(lambda: not studio.all("tr[data-name='studio-made'] .revoke"), "the key revoked")
    assert server.get("/api/v1/personas", headers=bearer(secret)).status == 401
    assert browser.problems() == []
