extension StudioAssets {
    /// What a reviewer does to a persona: approve, reject, make a version current, upload, generate.
    /// Buttons are enabled exactly as the workflow allows; a refusal shows the server's own text.
    static let personaActions = #"""
import { el, field, select, confirmAction } from "/studio/dom.js";
import { api, upload, can, showError } from "/studio/api.js";
import { jobView } from "/studio/job.js";

const refresh = () => window.dispatchEvent(new Event("studio:refresh"));
export const APPROVE_TEXT = "Approving locks the persona's appearance: its appearance, description and style can no longer be edited, and no new baseline can be made until it is rejected.";

export function workflowButtons(persona) {
  const status = persona.base_image_status;
  const hasImage = !!persona.base_image;
  const error = el("p", { class: "error", role: "alert", id: "workflow-error", hidden: true });
  const base = "/api/v1/personas/" + persona.id + "/seed-image";
  const act = (path, needsConfirm) => async () => {
    error.hidden = true;
    if (needsConfirm && !(await confirmAction("Approve this baseline?", APPROVE_TEXT, "Approve"))) return;
    try { await api("POST", base + path); refresh(); } catch (caught) { showError(error, caught); }
  };
  if (!can("approve")) return el("div", { class: "actions" }, el("span", { class: "muted" }, "Approving and rejecting need the 'approve' scope."));
  return el("div", {},
    el("div", { class: "actions", role: "group", "aria-label": "Workflow" },
      el("button", { type: "button", class: "primary", id: "approve", disabled: !(hasImage && status === "draft"), onclick: act("/approve", true) }, "Approve"),
      el("button", { type: "button", class: "danger", id: "reject", disabled: !(hasImage && (status === "draft" || status === "approved")), onclick: act("/reject", false) }, "Reject")),
    error);
}

export async function selectVersion(base, version) {
  try {
    await api("POST", base + "/seed-image/versions/" + version + "/select");
    refresh();
  } catch (error) {
    alertError(error);
  }
}

// Make `version` current (unless it is) and approve it, after the person confirms.
export async function approveVersion(persona, version) {
  if (!(await confirmAction("Approve version " + version + "?", APPROVE_TEXT, "Approve"))) return false;
  const base = "/api/v1/personas/" + persona.id + "/seed-image";
  if (!persona.base_image || persona.base_image.version !== version) await api("POST", base + "/versions/" + version + "/select");
  await api("POST", base + "/approve");
  return true;
}

function alertError(error) {
  const box = document.getElementById("workflow-error");
  if (box) showError(box, error);
}

function lockedPanel(title, persona) {
  if (!can("write")) return el("section", { class: "panel" }, el("h2", {}, title), el("p", { class: "muted" }, "Needs the 'write' scope."));
  if (persona.base_image_status === "approved") {
    return el("section", { class: "panel" }, el("h2", {}, title), el("p", { class: "muted" }, "The approved baseline is locked: reject it to add images."));
  }
  return null;
}

export function uploadPanel(persona, base) {
  const locked = lockedPanel("Upload", persona);
  if (locked) return locked;
  const progress = el("progress", { id: "upload-progress", max: 1, value: 0, hidden: true, "aria-label": "Upload progress" });
  const error = el("p", { class: "error", role: "alert", id: "upload-error", hidden: true });
  const input = el("input", { type: "file", id: "upload-file", accept: "image/png,image/jpeg,image/webp" });
  const send = async (file) => {
    if (!file) return;
    error.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    try {
      await upload(base + "/seed-image/upload", file, (fraction) => { progress.value = fraction; });
      refresh();
    } catch (caught) {
      progress.hidden = true;
      showError(error, caught);
    }
  };
  input.addEventListener("change", () => send(input.files[0]));
  const zone = el("div", { class: "dropzone", id: "dropzone" },
    el("p", {}, "Drop a PNG, JPEG or WEBP here (at most 10 MiB), or"),
    el("label", { for: "upload-file", class: "button" }, "Choose an image"), input);
  input.classList.add("visually-hidden");
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    send(event.dataTransfer.files[0]);
  });
  return el("section", { class: "panel", "aria-labelledby": "upload-title" }, el("h2", { id: "upload-title" }, "Upload"), zone, progress, error);
}

export function generatePanel(persona, base, versions) {
  const locked = lockedPanel("Generate", persona);
  if (locked) return locked;
  // Ids before `field` runs: its label points at the input's id.
  const named = (input) => { input.id = "gen-" + input.name; return input; };
  const number = (name, min, max, placeholder) => named(el("input", { type: "number", name, min, max, placeholder: placeholder || "" }));
  const fields = {
    engine: field("Engine", named(select("engine", [["local", "Local (your GPU)"], ["cloud", "Cloud (OpenAI)"]], "local"))),
    count: field("Candidates", Object.assign(number("count", 1, 4), { value: "1" })),
    size: field("Size", named(el("input", { name: "size", placeholder: "1024x1024" }))),
    seed: field("Seed", number("seed", 0, 4294967295, "random")),
    steps: field("Steps", number("steps", 1, 150, "50")),
    reference: field("Reference", named(select("reference", [["", "Current image"], ["none", "None"],
      ...versions.map((version) => [String(version.version), "Version " + version.version])], ""))),
  };
  const extra = field("Extra prompt", named(el("textarea", { name: "prompt_suffix" })));
  const negative = field("Negative prompt", named(el("textarea", { name: "negative_prompt", placeholder: persona.default_negative_prompt || "" })));
  const go = el("button", { type: "submit", class: "primary", id: "generate" }, "Generate");
  // The new candidates appear when the job ends.
  const job = jobView("generate", { what: "Generation", cancelId: "cancel-job", onEnd: (ended) => {
    go.disabled = false;
    if (ended && ended.status === "succeeded") refresh();
  } });
  const error = job.error;
  const form = el("form", { class: "panel", id: "generate-form", "aria-labelledby": "generate-title", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.hidden = true;
    const body = {};
    for (const name of ["count", "seed", "steps"]) if (fields[name].input.value !== "") body[name] = Number(fields[name].input.value);
    if (fields.size.input.value.trim()) body.size = fields.size.input.value.trim();
    const reference = fields.reference.input.value;
    if (reference === "none") body.reference = "none"; else if (reference) body.reference = Number(reference);
    if (extra.input.value.trim()) body.prompt_suffix = extra.input.value.trim();
    if (negative.input.value.trim()) body.negative_prompt = negative.input.value.trim();
    go.disabled = true;
    try {
      job.follow(await api("POST", base + "/seed-image/generate-" + fields.engine.input.value + "?async=true", body));
    } catch (caught) {
      go.disabled = false;
      showError(error, caught);
    }
  } },
    el("h2", { id: "generate-title" }, "Generate"),
    el("div", { class: "options" }, Object.values(fields).map((entry) => entry.box)),
    extra.box, negative.box,
    el("div", { class: "actions" }, go, job.cancel), job.progress, job.state, job.error);
  return form;
}
"""#
}
