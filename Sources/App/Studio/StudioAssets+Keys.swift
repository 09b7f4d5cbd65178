extension StudioAssets {
    /// The API keys page (admins) and the sign-in page: a pasted key becomes a session cookie; the key
    /// itself is not kept by the browser.
    static let keys = #"""
import { el, field, when, confirmAction } from "/studio/dom.js";
import { api, can, loadMe, detailText, showError } from "/studio/api.js";

const SCOPES = ["read", "write", "approve", "admin"];

export async function keysPage() {
  if (!can("admin")) return el("section", {}, el("h1", {}, "API keys"), el("p", { class: "error" }, "Managing keys needs the 'admin' scope."));
  const keys = await api("GET", "/api/v1/keys");
  const error = el("p", { class: "error", role: "alert", id: "keys-error", hidden: true });
  const fail = (caught) => showError(error, caught);
  const rows = keys.map((key) => el("tr", { "data-name": key.name },
    el("td", {}, key.name), el("td", {}, key.scopes.join(", ")), el("td", {}, el("code", {}, key.prefix)),
    el("td", {}, when(key.created_at)), el("td", {}, key.revoked_at ? "revoked " + when(key.revoked_at) : "live"),
    el("td", {}, key.revoked_at ? null : el("button", { type: "button", class: "danger revoke", onclick: async () => {
      if (!(await confirmAction("Revoke " + key.name + "?", "Every client and studio session using this key stops working at once.", "Revoke"))) return;
      try { await api("DELETE", "/api/v1/keys/" + encodeURIComponent(key.name)); window.dispatchEvent(new Event("studio:refresh")); } catch (caught) { fail(caught); }
    } }, "Revoke"))));

  const name = field("Name", el("input", { name: "name", id: "key-name", maxlength: 64, autocomplete: "off" }), "1–64 characters: letters, digits, . _ -");
  const boxes = SCOPES.map((scope) => el("label", { class: "inline" }, el("input", { type: "checkbox", name: "scopes", value: scope, checked: scope === "read" }), scope));
  const shown = el("div", { id: "new-key", hidden: true });
  const form = el("form", { class: "panel", id: "key-form", "aria-label": "New API key", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.hidden = true;
    name.error.textContent = "";
    const scopes = boxes.map((label) => label.firstChild).filter((box) => box.checked).map((box) => box.value);
    try {
      const created = await api("POST", "/api/v1/keys", { name: name.input.value.trim(), scopes });
      const secret = el("p", { class: "secret", id: "new-key-value" }, created.key);
      const copied = el("span", { role: "status", class: "muted" });
      shown.replaceChildren(
        el("p", { class: "notice" }, "The key for ", el("strong", {}, created.name), " is shown this once: copy it now."),
        secret,
        el("div", { class: "actions" },
          el("button", { type: "button", id: "copy-key", onclick: async () => {
            try { await navigator.clipboard.writeText(created.key); copied.textContent = "Copied."; } catch { copied.textContent = "Copy it by hand: the browser refused."; }
          } }, "Copy"),
          el("a", { class: "button", href: "#/keys", onclick: () => window.dispatchEvent(new Event("studio:refresh")) }, "Done"), copied));
      shown.hidden = false;
      form.reset();
    } catch (caught) {
      if (caught.status === 422 && Array.isArray(caught.detail)) name.error.textContent = detailText(caught.detail);
      else fail(caught);
    }
  } },
    el("h2", {}, "New key"), name.box,
    el("fieldset", {}, el("legend", {}, "Scopes"), boxes),
    el("div", { class: "actions" }, el("button", { type: "submit", class: "primary" }, "Create key")));
  return el("section", { "aria-labelledby": "keys-title" },
    el("h1", { id: "keys-title" }, "API keys"), error, shown, form,
    el("table", { class: "keys", id: "keys-table" },
      el("thead", {}, el("tr", {}, ["Name", "Scopes", "Prefix", "Created", "State", ""].map((title) => el("th", { scope: "col" }, title)))),
      el("tbody", {}, rows)));
}

export async function signInPage() {
  const me = await loadMe();
  if (me && me.via !== "session") {
    return el("section", {}, el("h1", {}, "Sign in"), el("p", { class: "notice" },
      me.via === "local" ? "No API key exists yet, so on this machine the studio needs no sign-in." : "Signed in by API key."),
      el("p", {}, el("a", { href: "#/" }, "Go to the personas")));
  }
  const key = field("API key", el("input", { type: "password", id: "signin-key", name: "key", autocomplete: "off", spellcheck: "false" }),
    "Paste a key made with `personaseed keys create`. The studio keeps a session cookie, never the key.");
  const error = el("p", { class: "error", role: "alert", id: "signin-error", hidden: true });
  const form = el("form", { class: "panel", id: "signin-form", "aria-labelledby": "signin-title", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.hidden = true;
    try {
      await api("POST", "/api/v1/session", { key: key.input.value.trim() });
      key.input.value = "";
      location.hash = "#/";
    } catch (caught) {
      showError(error, caught);
      key.input.focus();
    }
  } },
    el("h1", { id: "signin-title" }, "Sign in"),
    me ? el("p", { class: "notice" }, "Signed in as " + me.name + ". Sign in again to switch keys.") : null,
    key.box, error,
    el("div", { class: "actions" }, el("button", { type: "submit", class: "primary", id: "signin-submit" }, "Sign in")));
  return form;
}
"""#
}
