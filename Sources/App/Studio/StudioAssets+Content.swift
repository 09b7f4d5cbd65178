extension StudioAssets {
    /// A persona's content: images of it in scenes, made from its approved baseline. The form that
    /// makes them (only for an approved persona: the approved face is what they are made from) and
    /// the gallery, newest first, filtered by the baseline they came from.
    static let content = #"""
import { el, append, field, select, when, confirmAction, SOURCES } from "/studio/dom.js";
import { api, can, showError, showFieldErrors } from "/studio/api.js";
import { jobView } from "/studio/job.js";

const PAGE = 20;
export const NOT_APPROVED = "Approve a baseline first: content is made from the approved face.";

// One page of content, newest first; one item more than a page says whether another page exists.
export function loadContent(personaId, baselineVersion, skip) {
  const query = new URLSearchParams({ skip: String(skip || 0), limit: String(PAGE + 1) });
  if (baselineVersion) query.set("baseline_version", baselineVersion);
  return api("GET", "/api/v1/personas/" + personaId + "/content?" + query);
}

// The baselines content can come from: every version the trail shows approved, and any an item names
// (the trail is the persona's, the items may be older than a version's approval entry).
function baselines(history, items) {
  const numbers = new Set(items.map((item) => item.baseline_version));
  for (const entry of history) if (entry.version && entry.to_status === "approved") numbers.add(entry.version);
  return [...numbers].filter(Number.isInteger).sort((a, b) => a - b);
}

export function contentArea(persona, history, firstPage) {
  const gallery = galleryPanel(persona, history, firstPage);
  return el("div", { class: "content-area" }, generateForm(persona, gallery.reload), gallery.panel);
}

function galleryPanel(persona, history, firstPage) {
  const base = "/api/v1/personas/" + persona.id + "/content";
  const title = el("h2", { id: "content-title", tabindex: -1 }, "Content");
  const filter = select("baseline_version", [["", "All"], ...baselines(history, firstPage).map((n) => [String(n), "v" + n])], "");
  filter.id = "content-filter";
  const gallery = el("div", { class: "gallery", id: "content-gallery" });
  const empty = el("p", { class: "muted", id: "no-content", hidden: true });
  const error = el("p", { class: "error", role: "alert", id: "content-error", hidden: true });
  const more = el("button", { type: "button", id: "content-more", hidden: true, onclick: () => load(false) }, "Show more");
  let shown = 0;
  let ticket = 0;

  function fill(items, reset) {
    const page = items.slice(0, PAGE);
    if (reset) gallery.replaceChildren();
    append(gallery, page.map(item));
    shown = (reset ? 0 : shown) + page.length;
    more.hidden = items.length <= PAGE;
    empty.hidden = shown > 0;
    empty.textContent = filter.value ? "No content from v" + filter.value + "." : "No content yet.";
  }

  // From the top (after a change) or the next page; an answer overtaken by a newer request is dropped.
  async function load(reset) {
    const mine = ++ticket;
    error.hidden = true;
    try {
      const items = await loadContent(persona.id, filter.value, reset ? 0 : shown);
      if (mine === ticket) fill(items, reset);
    } catch (caught) {
      if (mine === ticket) showError(error, caught);
    }
  }

  function item(content) {
    const remove = async () => {
      const text = "“" + content.scene_prompt + "” (from v" + content.baseline_version + ") is deleted for good: its image and its record.";
      if (!(await confirmAction("Delete this image?", text, "Delete"))) return;
      error.hidden = true;
      try {
        await api("DELETE", base + "/" + content.id);
        await load(true);
        // Its button is gone: the keyboard goes on from the gallery's heading.
        title.focus();
      } catch (caught) {
        showError(error, caught);
      }
    };
    return el("figure", { class: "content-item", "data-id": content.id, "data-baseline": content.baseline_version },
      el("a", { href: content.image_url, target: "_blank", rel: "noopener" },
        el("img", { src: content.thumbnail_url, alt: content.scene_prompt, width: 256, height: 256 })),
      el("figcaption", {},
        el("p", { class: "scene" }, content.scene_prompt),
        el("div", {}, el("span", { class: "badge from" }, "from v" + content.baseline_version), " ", SOURCES[content.engine] || content.engine),
        el("div", { class: "muted" }, content.model, content.seed !== null && content.seed !== undefined ? " · seed " + content.seed : ""),
        el("div", { class: "muted" }, when(content.created_at)),
        can("write") ? el("button", { type: "button", class: "delete-content", "aria-label": "Delete “" + content.scene_prompt + "”", onclick: remove }, "Delete") : null));
  }

  filter.addEventListener("change", () => load(true));
  fill(firstPage, true);
  const panel = el("section", { class: "panel", id: "content", "aria-labelledby": "content-title" },
    title,
    el("div", { class: "toolbar" }, el("div", {}, el("label", { for: "content-filter" }, "From baseline"), filter)),
    error, empty, gallery,
    el("div", { class: "actions" }, more));
  return { panel, reload: () => load(true) };
}

// Submitted with ?async=true: the job's progress shows here, and the gallery reloads when it is done.
function generateForm(persona, reloadGallery) {
  const base = "/api/v1/personas/" + persona.id;
  const approved = persona.base_image_status === "approved";
  const writable = can("write");
  // Ids before `field` runs: its label points at the input's id.
  const named = (input) => { input.id = "content-" + input.name; return input; };
  const fields = {
    engine: field("Engine", named(select("engine", [["local", "Local (your GPU)"], ["cloud", "Cloud (OpenAI)"]], "local"))),
    prompt: field("Scene", named(el("textarea", { name: "prompt", maxlength: 1000, placeholder: "reading in a sunlit café, candid" })),
      "What the persona is doing, and where: 1–1000 characters. Its appearance and style are added."),
    identity_strength: field("Identity strength", named(el("input", { type: "number", name: "identity_strength", min: 0, max: 1, step: 0.05, value: "0.6" })),
      "0–1: how closely the face follows the baseline; higher leaves the scene less freedom."),
    count: field("Images", named(el("input", { type: "number", name: "count", min: 1, max: 4, value: "1" }))),
  };
  // The slider and the number are one setting: either moves the other.
  const strength = fields.identity_strength.input;
  const slider = el("input", { type: "range", id: "content-strength-slider", min: 0, max: 1, step: 0.05, value: "0.6",
    "aria-label": "Identity strength slider", "aria-describedby": strength.id + "-error" });
  slider.addEventListener("input", () => { strength.value = slider.value; });
  strength.addEventListener("input", () => { if (strength.value !== "") slider.value = strength.value; });
  strength.before(slider);

  const go = el("button", { type: "submit", class: "primary", id: "content-generate" }, "Generate content");
  const job = jobView("content-job", { what: "Content generation", cancelId: "content-cancel", onEnd: (ended) => {
    go.disabled = false;
    if (!ended || ended.status !== "succeeded") return;
    const made = (ended.content || []).length;
    job.state.textContent = "Done: " + (made === 1 ? "1 new image" : made + " new images") + " in the gallery.";
    reloadGallery();
  } });
  const reason = !writable ? "Making content needs the 'write' scope." : approved ? null : NOT_APPROVED;
  const explanation = reason ? el("p", { class: "lock", id: "content-locked" }, reason) : null;

  const form = el("form", { class: "panel", id: "content-form", "aria-labelledby": "content-form-title", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    job.error.hidden = true;
    for (const entry of Object.values(fields)) entry.error.textContent = "";
    const body = { engine: fields.engine.input.value, prompt: fields.prompt.input.value.trim() };
    for (const name of ["identity_strength", "count"]) if (fields[name].input.value !== "") body[name] = Number(fields[name].input.value);
    go.disabled = true;
    try {
      job.follow(await api("POST", base + "/content/generate?async=true", body));
    } catch (caught) {
      go.disabled = false;
      if (caught.status === 422 && Array.isArray(caught.detail)) {
        const general = showFieldErrors(fields, caught);
        if (general.length) showError(job.error, { detail: general.join("\n") });
        const first = Object.values(fields).find((entry) => entry.error.textContent);
        if (first) first.input.focus();
      } else {
        showError(job.error, caught);
      }
    }
  } },
    el("h2", { id: "content-form-title" }, "Generate content"),
    explanation,
    // One switch for every control while content cannot be made; the explanation says why.
    el("fieldset", { class: "plain", disabled: !!reason, "aria-describedby": reason ? "content-locked" : null },
      el("div", { class: "options" }, fields.engine.box, fields.count.box),
      fields.prompt.box, fields.identity_strength.box,
      el("div", { class: "actions" }, go, job.cancel)),
    job.progress, job.state, job.error);
  return form;
}
"""#
}
