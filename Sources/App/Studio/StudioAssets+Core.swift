extension StudioAssets {
    /// DOM helpers. Every text that came from the API enters the page through `el` as a text node,
    /// never as markup: a persona description of `<img onerror=…>` shows those characters.
    static let dom = #"""
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return isNaN(date) ? iso : date.toLocaleString();
}

export function statusBadge(status) {
  return el("span", { class: "badge status-" + status }, String(status).replace("_", " "));
}

export const SOURCES = { upload: "Uploaded", cloud: "Cloud (OpenAI)", local: "Local engine" };

// A labelled field: the label names the input, and the error slot (filled from a 422) sits under it.
let fieldCount = 0;
export function field(labelText, input, hint) {
  fieldCount += 1;
  const id = input.id || "f" + fieldCount;
  input.id = id;
  const error = el("p", { class: "field-error", id: id + "-error", role: "alert" });
  input.setAttribute("aria-describedby", id + "-error");
  return { box: el("div", { class: "field" }, el("label", { for: id }, labelText), input, hint ? el("p", { class: "muted" }, hint) : null, error), input, error };
}

export function select(name, options, value) {
  return el("select", { name }, options.map(([optionValue, text]) =>
    el("option", { value: optionValue, selected: optionValue === value }, text)));
}

// The page's confirmation dialog: resolves true when the person confirms.
export function confirmAction(title, text, confirmLabel) {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-title").textContent = title;
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-ok").textContent = confirmLabel || "Confirm";
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.showModal();
  });
}

// Screen readers and the keyboard start at the new content; the view stays at the top of the page.
export function focusMain() { document.getElementById("main").focus({ preventScroll: true }); window.scrollTo(0, 0); }
"""#

    /// The JSON API, as the studio calls it: the session cookie goes along (same origin), errors come
    /// back with the server's own text.
    static let api = #"""
export class APIError extends Error {
  constructor(status, detail) {
    super(detailText(detail) || "HTTP " + status);
    this.status = status;
    this.detail = detail;
  }
}

// `detail` is a text, or (422) a list of {loc, msg}: one line each.
export function detailText(detail) {
  if (Array.isArray(detail)) {
    return detail.map((problem) => {
      const where = (problem.loc || []).filter((part) => part !== "body" && part !== "query").join(".");
      return (where ? where + ": " : "") + problem.msg;
    }).join("\n");
  }
  return detail === undefined || detail === null ? "" : String(detail);
}

// A refusal in words in `box`: the server's own text (a 422's problems one per line), or the browser's.
export function showError(box, error) {
  box.textContent = detailText(error.detail) || error.message;
  box.hidden = false;
}

// A 422's problems next to their fields (`fields[name].error`, named by `loc`); returns the
// messages no field claims.
export function showFieldErrors(fields, error) {
  const unclaimed = [];
  for (const problem of error.detail) {
    const name = (problem.loc || [])[1];
    if (fields[name]) fields[name].error.textContent = problem.msg;
    else unclaimed.push(problem.msg);
  }
  return unclaimed;
}

function parse(text) {
  try { return text ? JSON.parse(text) : null; } catch { return null; }
}

export async function api(method, path, body) {
  const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const json = parse(text);
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith("/session")) signedOut();
    throw new APIError(response.status, json && json.detail !== undefined ? json.detail : text);
  }
  return json;
}

// fetch() reports no upload progress; XMLHttpRequest does.
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", path);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      const json = parse(request.responseText);
      if (request.status >= 200 && request.status < 300) resolve(json);
      else reject(new APIError(request.status, json && json.detail !== undefined ? json.detail : request.responseText));
    });
    request.addEventListener("error", () => reject(new APIError(0, "The upload was interrupted (network error)")));
    const form = new FormData();
    form.append("file", file, file.name);
    request.send(form);
  });
}

// Who the studio acts as: {name, scopes, via: session|key|local}; null when signed out (via: none).
export const session = { me: null };

export async function loadMe() {
  const me = await api("GET", "/api/v1/session");
  session.me = me.via === "none" ? null : me;
  return session.me;
}

export function can(scope) { return !!session.me && session.me.scopes.includes(scope); }

function signedOut() {
  session.me = null;
  if (!location.hash.startsWith("#/signin")) location.hash = "#/signin";
}
"""#

    /// The router: each `#/…` address is a page; the header shows who is signed in.
    static let app = #"""
import { el, append, focusMain } from "/studio/dom.js";
import { api, session, loadMe, can } from "/studio/api.js";
import { personasPage } from "/studio/personas.js";
import { personaPage } from "/studio/persona.js";
import { comparePage } from "/studio/compare.js";
import { keysPage, signInPage } from "/studio/keys.js";

const routes = [
  [/^#?\/?(\?.*)?$/, (match) => personasPage(new URLSearchParams((match[1] || "").slice(1)))],
  [/^#\/personas\/([0-9a-fA-F-]{36})$/, (match) => personaPage(match[1])],
  [/^#\/personas\/([0-9a-fA-F-]{36})\/compare\/([0-9]+(?:,[0-9]+){1,3})$/, (match) => comparePage(match[1], match[2].split(",").map(Number))],
  [/^#\/keys$/, () => keysPage()],
  [/^#\/signin$/, () => signInPage()],
];

function nav() {
  const me = session.me;
  const box = document.getElementById("nav");
  box.replaceChildren();
  if (!me) return;
  append(box, [
    el("a", { href: "#/" }, "Personas"),
    can("admin") ? el("a", { href: "#/keys" }, "API keys") : null,
    el("a", { href: "/docs" }, "API reference"),
    el("span", { class: "who" }, me.via === "local" ? "Local user (no API keys yet)" : "Signed in as " + me.name,
      " · ", me.scopes.join(", ")),
    me.via === "session" ? el("button", { type: "button", id: "sign-out", onclick: signOut }, "Sign out") : null,
  ]);
}

async function signOut() {
  await api("DELETE", "/api/v1/session");
  session.me = null;
  location.hash = "#/signin";
}

let rendering = 0;
async function render() {
  const ticket = ++rendering;
  const main = document.getElementById("main");
  const hash = location.hash || "#/";
  try {
    if (!hash.startsWith("#/signin")) await loadMe();
    if (ticket !== rendering) return;
    if (!session.me && !hash.startsWith("#/signin")) {
      location.hash = "#/signin";
      return;
    }
    nav();
    for (const [pattern, page] of routes) {
      const match = hash.match(pattern);
      if (!match) continue;
      const content = await page(match);
      if (ticket !== rendering) return;
      main.replaceChildren(content);
      document.body.dataset.page = hash.split(/[/?]/)[1] || "personas";
      // For scripts/bench-studio: when the page's content was in place (its images load after).
      performance.mark("studio:rendered");
      focusMain();
      return;
    }
    main.replaceChildren(el("h1", {}, "Not found"), el("p", {}, el("a", { href: "#/" }, "Back to the personas")));
  } catch (error) {
    if (ticket !== rendering) return;
    main.replaceChildren(el("h1", {}, "Something went wrong"), el("p", { class: "error", role: "alert" }, error.message));
  }
}

window.addEventListener("hashchange", render);
window.addEventListener("studio:refresh", render);
render();
"""#
}
