extension StudioAssets {
    /// A persona's page: the current image, the fields (locked ones visibly locked while approved),
    /// the versions strip with the compare picker, upload and generation, content, and the audit trail.
    static let persona = #"""
import { el, field, select, statusBadge, when, SOURCES } from "/studio/dom.js";
import { api, can, showError, showFieldErrors } from "/studio/api.js";
import { STYLES } from "/studio/personas.js";
import { workflowButtons, uploadPanel, generatePanel, selectVersion } from "/studio/persona-actions.js";
import { contentArea, loadContent } from "/studio/content.js";

const LOCKED = ["appearance", "base_appearance_description", "image_style"];
export const LOCK_REASON = "The approved baseline pins the persona's appearance: reject the baseline to change the appearance, description or style.";

export async function personaPage(id) {
  const base = "/api/v1/personas/" + id;
  const [persona, versions, history, content] = await Promise.all([
    api("GET", base), api("GET", base + "/seed-image/versions"), api("GET", base + "/seed-image/history"), loadContent(id)]);
  const approved = persona.base_image_status === "approved";
  const current = persona.base_image ? persona.base_image.version : null;
  const actors = new Map(history.filter((entry) => entry.version).map((entry) => [entry.version, entry.actor]));

  const image = persona.base_image
    ? el("img", { src: persona.base_image.url, alt: "Current baseline of " + persona.name + " (version " + current + ")", id: "current-image" })
    : el("div", { class: "placeholder", id: "current-image" }, "No image yet: upload or generate one");
  return el("article", { "aria-labelledby": "persona-title", "data-status": persona.base_image_status },
    el("p", {}, el("a", { href: "#/" }, "← All personas")),
    el("h1", { id: "persona-title" }, el("span", { id: "persona-name" }, persona.name), " ", statusBadge(persona.base_image_status)),
    el("div", { class: "persona-head" },
      el("div", { class: "current" }, image,
        persona.base_image ? el("p", { class: "muted" }, "Version " + current + " · " + persona.base_image.width + "×" + persona.base_image.height) : null,
        workflowButtons(persona),
        approved ? el("p", { class: "lock", id: "lock-notice" }, el("strong", {}, "Locked. "), LOCK_REASON) : null),
      fieldsForm(persona, base)),
    versionsPanel(persona, versions, actors, base, current, approved),
    el("div", { class: "two" }, uploadPanel(persona, base), generatePanel(persona, base, versions)),
    contentArea(persona, history, content),
    timeline(history));
}

function fieldsForm(persona, base) {
  const approved = persona.base_image_status === "approved";
  const writable = can("write");
  const text = (name, label, multiline) => field(label, multiline
    ? el("textarea", { name, id: "edit-" + name }, persona[name] || "")
    : el("input", { name, id: "edit-" + name, value: persona[name] || "" }));
  const fields = {
    name: text("name", "Name", false),
    appearance: text("appearance", "Appearance", true),
    base_appearance_description: text("base_appearance_description", "Base appearance description", true),
    personality: text("personality", "Personality", true),
    image_style: field("Image style", Object.assign(select("image_style", STYLES.map((s) => [s, s]), persona.image_style), { id: "edit-image_style" })),
    default_negative_prompt: text("default_negative_prompt", "Default negative prompt", false),
    image_model_preference: text("image_model_preference", "Local model preference", false),
  };
  for (const [name, entry] of Object.entries(fields)) {
    const locked = approved && LOCKED.includes(name);
    entry.input.disabled = !writable || locked;
    if (locked) {
      entry.input.title = LOCK_REASON;
      entry.box.querySelector("label").append(" ", el("span", { class: "badge locked-badge" }, "locked"));
      entry.box.classList.add("locked");
    }
  }
  const message = el("p", { role: "status", id: "fields-message" });
  const form = el("form", { class: "panel", id: "fields-form", "aria-label": "Persona fields", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    message.textContent = "";
    message.className = "";
    for (const entry of Object.values(fields)) entry.error.textContent = "";
    const body = {};
    for (const [name, entry] of Object.entries(fields)) {
      if (entry.input.disabled) continue;
      const value = entry.input.value.trim();
      if (value !== (persona[name] || "")) body[name] = value;
    }
    if (!Object.keys(body).length) { message.textContent = "Nothing changed."; return; }
    try {
      await api("PUT", base, body);
      window.dispatchEvent(new Event("studio:refresh"));
    } catch (error) {
      if (error.status === 422 && Array.isArray(error.detail)) showFieldErrors(fields, error);
      message.className = "error";
      showError(message, error);
    }
  } },
    el("h2", {}, "Fields"),
    Object.values(fields).map((entry) => entry.box),
    message,
    writable ? el("div", { class: "actions" }, el("button", { type: "submit", class: "primary", id: "save-fields" }, "Save changes")) : null);
  return form;
}

function versionsPanel(persona, versions, actors, base, current, approved) {
  const chosen = new Set();
  const compare = el("button", { type: "button", id: "compare", disabled: true, onclick: () => {
    location.hash = "#/personas/" + persona.id + "/compare/" + [...chosen].sort((a, b) => a - b).join(",");
  } }, "Compare selected");
  const count = el("span", { class: "muted", id: "compare-count" }, "Pick 2 to 4 versions to compare.");
  const update = () => {
    compare.disabled = chosen.size < 2 || chosen.size > 4;
    count.textContent = chosen.size + " selected (2 to 4)";
  };
  // Candidates of one generation share its job id.
  const byJob = new Map();
  for (const version of versions) {
    const job = version.generation && version.generation.job_id;
    if (job) byJob.set(job, [...(byJob.get(job) || []), version.version]);
  }
  const strip = el("div", { class: "strip", id: "versions" }, versions.map((version) => {
    const box = el("input", { type: "checkbox", id: "pick-" + version.version, "data-version": version.version, onchange: (event) => {
      if (event.target.checked) chosen.add(version.version); else chosen.delete(version.version);
      update();
    } });
    const generation = version.generation;
    const job = generation && generation.job_id;
    const siblings = job ? byJob.get(job) : null;
    return el("div", { class: "version" + (version.version === current ? " current-version" : ""), "data-version": version.version },
      el("a", { href: version.url, target: "_blank", rel: "noopener" },
        el("img", { src: version.thumbnail_url, alt: "Version " + version.version, width: 256, height: 256 })),
      el("div", { class: "vhead" }, "v" + version.version, version.version === current ? el("span", { class: "badge" }, "current") : null),
      el("div", {}, SOURCES[version.source] || version.source, " · by ", actors.get(version.version) || "—"),
      el("div", { class: "muted" }, when(version.created_at)),
      generation ? el("div", { class: "muted" }, generation.backend, " · ", generation.model,
        generation.seed !== null && generation.seed !== undefined ? " · seed " + generation.seed : "") : null,
      el("label", { class: "inline", for: "pick-" + version.version }, box, "Compare"),
      can("write") ? el("button", { type: "button", class: "select-version", disabled: approved || version.version === current,
        onclick: () => selectVersion(base, version.version) }, "Make current") : null,
      siblings && siblings.length > 1 && siblings[0] === version.version
        ? el("a", { class: "button", href: "#/personas/" + persona.id + "/compare/" + siblings.slice(0, 4).sort((a, b) => a - b).join(",") }, "Compare this generation")
        : null);
  }));
  return el("section", { class: "panel", "aria-labelledby": "versions-title" },
    el("h2", { id: "versions-title" }, "Versions (" + versions.length + ")"),
    versions.length ? [el("div", { class: "actions" }, compare, count), strip] : el("p", { class: "muted" }, "No versions yet."));
}

function timeline(history) {
  return el("section", { class: "panel", "aria-labelledby": "history-title" },
    el("h2", { id: "history-title" }, "History"),
    history.length ? el("ol", { class: "timeline", id: "history" }, history.slice().reverse().map((entry) =>
      el("li", {}, el("strong", {}, entry.action), " by ", entry.actor, " · ", when(entry.at),
        entry.from_status !== entry.to_status ? [" · ", entry.from_status || "—", " → ", entry.to_status] : null,
        entry.version ? " · v" + entry.version : null)))
      : el("p", { class: "muted" }, "Nothing yet."));
}
"""#
}
