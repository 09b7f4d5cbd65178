extension StudioAssets {
    /// Many personas at once: a checkbox on each card of the page, and a bar of actions for the
    /// chosen ones, sent as one `POST /api/v1/personas/bulk`. Each persona is answered on its own, so
    /// the outcome is a list: a ✓ or the server's own refusal, per persona.
    static let bulk = #"""
import { el, field, select, confirmAction } from "/studio/dom.js";
import { api, can, detailText, showError } from "/studio/api.js";
import { APPROVE_TEXT } from "/studio/persona-actions.js";

const TITLES = { approve: "Approve", reject: "Reject", deactivate: "Deactivate", "generate-content": "Generate content",
  "generate-local": "Generate (local)", "generate-cloud": "Generate (cloud)" };

// Without a scope for any bulk action the cards get no checkboxes.
export function canBulk() { return can("approve") || can("admin") || can("write"); }

// `reload()` draws the grid again (through `cells`) once an action is done.
export function bulkSelection(reload) {
  const chosen = new Map();   // lower-case id → name, for the result list
  let boxes = [];
  const all = el("input", { type: "checkbox", id: "select-all", onchange: () => {
    for (const box of boxes) choose(box, all.checked);
    update();
  } });
  const count = el("strong", { id: "bulk-count" });
  const error = el("p", { class: "error", role: "alert", id: "bulk-error", hidden: true });
  const results = el("section", { class: "panel", id: "bulk-results", "aria-labelledby": "bulk-results-title", hidden: true });
  const contentForm = bulkContentForm((options) => run("generate-content", options));
  contentForm.form.hidden = true;

  const button = (action, text, scope, onclick, extra) => can(scope)
    ? el("button", { type: "button", id: "bulk-" + action, "data-action": action, onclick, ...extra }, text) : null;
  const toggleContent = (event) => {
    const open = contentForm.form.hidden;
    contentForm.form.hidden = !open;
    event.currentTarget.setAttribute("aria-expanded", String(open));
    if (open) contentForm.focus();
  };
  const bar = el("div", { class: "bulk-bar", id: "bulk-bar", role: "group", "aria-label": "Actions for the selected personas", hidden: true },
    count,
    button("approve", "Approve", "approve", async () => {
      const n = chosen.size;
      if (await confirmAction("Approve " + (n === 1 ? "1 baseline" : n + " baselines") + "?", APPROVE_TEXT, "Approve")) run("approve");
    }, { class: "primary" }),
    button("reject", "Reject", "approve", () => run("reject")),
    button("deactivate", "Deactivate", "admin", async () => {
      const n = chosen.size;
      const text = "Deactivated personas leave this list and the API's default listing; their images and history are kept.";
      if (await confirmAction("Deactivate " + (n === 1 ? "1 persona" : n + " personas") + "?", text, "Deactivate")) run("deactivate");
    }, { class: "danger" }),
    button("generate-content", "Generate content…", "write", toggleContent, { "aria-expanded": "false", "aria-controls": "bulk-content-form" }),
    el("button", { type: "button", id: "bulk-clear", onclick: () => { for (const box of boxes) choose(box, false); update(); } }, "Clear selection"));

  function choose(box, on) {
    box.checked = on;
    box.closest(".card-cell").classList.toggle("chosen", on);
    if (on) chosen.set(box.dataset.id.toLowerCase(), box.dataset.name); else chosen.delete(box.dataset.id.toLowerCase());
  }

  function update() {
    const n = chosen.size;
    bar.hidden = n === 0;
    if (!n) contentForm.form.hidden = true;
    count.textContent = n === 1 ? "1 selected" : n + " selected";
    const ticked = boxes.filter((box) => box.checked).length;
    all.checked = boxes.length > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }

  function busy(on) {
    for (const control of bar.querySelectorAll("button")) control.disabled = on;
    contentForm.submit.disabled = on;
  }

  // One request for every chosen persona; a refusal of the whole request (a 422) is the caller's
  // to show when it names its fields, else it is shown above the grid.
  async function run(action, options) {
    const names = new Map(chosen);
    const body = { action, ids: [...chosen.keys()] };
    if (options) body.options = options;
    error.hidden = true;
    busy(true);
    try {
      const answer = await api("POST", "/api/v1/personas/bulk", body);
      contentForm.form.hidden = true;
      showResults(answer, names);
      await reload();
    } catch (caught) {
      if (!(options && contentForm.claim(caught))) showError(error, caught);
    } finally {
      busy(false);
    }
  }

  function showResults(answer, names) {
    const title = el("h2", { id: "bulk-results-title", tabindex: -1 },
      (TITLES[answer.action] || answer.action) + ": " + answer.succeeded + " succeeded, " + answer.failed + " failed");
    results.replaceChildren(title,
      el("ul", { class: "results", id: "bulk-result-list" }, answer.results.map((result) => {
        const ok = result.status >= 200 && result.status < 300;
        const detail = result.body && result.body.detail !== undefined ? detailText(result.body.detail) : "";
        return el("li", { class: ok ? "ok" : "failed", "data-id": result.id, "data-status": result.status },
          el("a", { href: "#/personas/" + result.id }, names.get(String(result.id).toLowerCase()) || result.id), " ",
          ok
            ? [el("span", { class: "mark", "aria-hidden": "true" }, "✓"), el("span", { class: "visually-hidden" }, "done"),
              result.status === 202 ? el("span", { class: "muted" }, " job queued") : null]
            : [el("span", { class: "mark", "aria-hidden": "true" }, "✗ "), el("span", { class: "detail" }, detail || "HTTP " + result.status)]);
      })),
      el("div", { class: "actions" }, el("button", { type: "button", id: "bulk-dismiss", onclick: () => { results.hidden = true; } }, "Dismiss")));
    results.hidden = false;
    // The bar goes away with the selection: the keyboard goes on from the outcome.
    title.focus();
  }

  // The grid's cells for `personas`, each card with its checkbox; the selection starts empty.
  function cells(personas, card) {
    chosen.clear();
    boxes = [];
    const drawn = personas.map((persona) => {
      const box = el("input", { type: "checkbox", class: "pick", id: "select-" + persona.id, "data-id": persona.id, "data-name": persona.name,
        onchange: () => { choose(box, box.checked); update(); } });
      boxes.push(box);
      // Beside the card's link, not inside it: a link may not hold a control.
      return el("div", { class: "card-cell", "data-id": persona.id },
        el("label", { class: "pick" }, box, el("span", { class: "visually-hidden" }, "Select " + persona.name)),
        card(persona));
    });
    update();
    return drawn;
  }

  const controls = el("div", { class: "bulk" },
    el("label", { class: "inline", for: "select-all" }, all, "Select all on this page"),
    bar, contentForm.form, error, results);
  return { controls, cells };
}

// The engine and the scene for "Generate content…"; the other options keep their defaults.
function bulkContentForm(send) {
  const fields = {
    engine: field("Engine", Object.assign(select("engine", [["local", "Local (your GPU)"], ["cloud", "Cloud (OpenAI)"]], "local"), { id: "bulk-engine" })),
    prompt: field("Scene", el("textarea", { name: "prompt", id: "bulk-prompt", maxlength: 1000, placeholder: "reading in a sunlit café, candid" }),
      "Made from each persona's approved baseline; personas without one are refused."),
  };
  const submit = el("button", { type: "submit", class: "primary", id: "bulk-content-submit" }, "Generate for the selected");
  const form = el("form", { class: "panel", id: "bulk-content-form", "aria-label": "Generate content for the selected personas", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    for (const entry of Object.values(fields)) entry.error.textContent = "";
    send({ engine: fields.engine.input.value, prompt: fields.prompt.input.value.trim() });
  } },
    el("div", { class: "options" }, fields.engine.box), fields.prompt.box,
    el("div", { class: "actions" }, submit));
  // A 422 about the options (loc ends with the option's name) goes under its field.
  const claim = (caught) => {
    if (caught.status !== 422 || !Array.isArray(caught.detail)) return false;
    const problems = caught.detail.filter((problem) => fields[(problem.loc || []).slice(-1)[0]]);
    for (const problem of problems) fields[problem.loc.slice(-1)[0]].error.textContent = problem.msg;
    return problems.length === caught.detail.length;
  };
  return { form, submit, claim, focus: () => fields.prompt.input.focus() };
}
"""#
}
