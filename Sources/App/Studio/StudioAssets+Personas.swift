extension StudioAssets {
    /// The personas page: filters, a paged grid of cards (each with a checkbox for the bulk actions),
    /// and the new-persona form.
    static let personas = #"""
import { el, field, select, statusBadge } from "/studio/dom.js";
import { api, can, showError, showFieldErrors } from "/studio/api.js";
import { bulkSelection, canBulk } from "/studio/bulk.js";

export const PAGE_SIZE = 50;
const STATUSES = [["", "Any status"], ["pending_upload", "Pending upload"], ["draft", "Draft"], ["approved", "Approved"], ["rejected", "Rejected"]];
export const STYLES = ["photorealistic", "anime", "cartoon", "artistic", "3d_render", "fantasy", "cinematic"];

function address(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return "#/" + (text ? "?" + text : "");
}

export async function personasPage(params) {
  const status = params.get("status") || "";
  const q = params.get("q") || "";
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const query = new URLSearchParams({ skip: String((page - 1) * PAGE_SIZE), limit: String(PAGE_SIZE + 1) });
  if (status) query.set("status", status);
  if (q) query.set("q", q);
  // One more than a page: whether a next page exists, without counting the whole table.
  const found = await api("GET", "/api/v1/personas?" + query);
  const shown = found.slice(0, PAGE_SIZE);

  const statusSelect = select("status", STATUSES, status);
  statusSelect.id = "filter-status";
  const search = el("input", { type: "search", id: "filter-q", name: "q", value: q, maxlength: 100, placeholder: "Part of a name" });
  const filters = el("form", { class: "toolbar", role: "search", onsubmit: (event) => {
    event.preventDefault();
    location.hash = address({ status: statusSelect.value, q: search.value.trim() });
  } },
    el("div", {}, el("label", { for: "filter-status" }, "Status"), statusSelect),
    el("div", {}, el("label", { for: "filter-q" }, "Name"), search),
    el("button", { type: "submit" }, "Filter"),
    can("write") ? el("button", { type: "button", class: "primary", id: "new-persona", "aria-expanded": "false", onclick: (event) => {
      const open = form.hidden;
      form.hidden = !open;
      event.currentTarget.setAttribute("aria-expanded", String(open));
      if (open) form.querySelector("input").focus();
    } }, "New persona") : null);
  statusSelect.addEventListener("change", () => filters.requestSubmit());

  const form = newPersonaForm();
  form.hidden = true;
  const grid = el("div", { class: "grid", id: "persona-grid" });
  const selection = canBulk() && shown.length ? bulkSelection(reloadGrid) : null;
  const fill = (list) => grid.replaceChildren(...(selection ? selection.cells(list, card) : list.map(card)));
  fill(shown);
  // After a bulk action: the same page again, in place, so its outcome stays on screen.
  async function reloadGrid() {
    const fresh = (await api("GET", "/api/v1/personas?" + query)).slice(0, PAGE_SIZE);
    fill(fresh);
    if (!fresh.length) grid.replaceChildren(el("p", { class: "muted", id: "no-personas" }, "No persona matches any more."));
  }
  const pager = el("nav", { class: "pager", "aria-label": "Pages" },
    page > 1 ? el("a", { class: "button", href: address({ status, q, page: String(page - 1) }), rel: "prev" }, "Previous") : null,
    el("span", { class: "muted" }, "Page " + page),
    found.length > PAGE_SIZE ? el("a", { class: "button", href: address({ status, q, page: String(page + 1) }), rel: "next" }, "Next") : null);
  return el("section", { "aria-labelledby": "personas-title" },
    el("h1", { id: "personas-title" }, "Personas"),
    filters, form,
    selection ? selection.controls : null,
    shown.length ? grid : el("p", { class: "muted", id: "no-personas" }, status || q ? "No persona matches." : "No personas yet."),
    pager);
}

function card(persona) {
  const image = persona.base_image
    ? el("img", { src: persona.base_image.thumbnail_url, alt: "", width: 256, height: 256 })
    : el("div", { class: "placeholder" }, "No image yet");
  const versions = persona.version_count === 1 ? "1 version" : persona.version_count + " versions";
  return el("a", { class: "card", href: "#/personas/" + persona.id, "data-id": persona.id },
    image,
    el("div", { class: "meta" },
      el("span", { class: "name" }, persona.name),
      statusBadge(persona.base_image_status),
      el("span", { class: "muted" }, versions)));
}

// The API's own rules decide; a 422 puts each problem next to its field.
function newPersonaForm() {
  const fields = {
    name: field("Name", el("input", { name: "name", required: true, maxlength: 100, autocomplete: "off" })),
    appearance: field("Appearance", el("textarea", { name: "appearance" }), "10–2000 characters; this or the description is needed."),
    personality: field("Personality", el("textarea", { name: "personality" })),
    base_appearance_description: field("Base appearance description", el("textarea", { name: "base_appearance_description" })),
    image_style: field("Image style", select("image_style", STYLES.map((style) => [style, style]), "photorealistic")),
  };
  const formError = el("p", { class: "error", role: "alert", hidden: true });
  const form = el("form", { class: "panel", id: "new-persona-form", "aria-label": "New persona", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    formError.hidden = true;
    for (const entry of Object.values(fields)) entry.error.textContent = "";
    const body = {};
    for (const [name, entry] of Object.entries(fields)) {
      const value = entry.input.value.trim();
      if (value) body[name] = value;
    }
    try {
      const created = await api("POST", "/api/v1/personas", body);
      location.hash = "#/personas/" + created.id;
    } catch (error) {
      if (error.status === 422 && Array.isArray(error.detail)) {
        const general = showFieldErrors(fields, error);
        if (general.length) showError(formError, { detail: general.join("\n") });
        const first = Object.values(fields).find((entry) => entry.error.textContent);
        if (first) first.input.focus();
      } else {
        showError(formError, error);
      }
    }
  } },
    el("h2", {}, "New persona"),
    Object.values(fields).map((entry) => entry.box),
    formError,
    el("div", { class: "actions" }, el("button", { type: "submit", class: "primary" }, "Create persona")));
  return form;
}
"""#
}
