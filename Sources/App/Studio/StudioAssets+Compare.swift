extension StudioAssets {
    /// Side by side: 2 to 4 versions at equal size, one zoom and pan for every pane (faces are compared
    /// at the level of the eyes and the hairline), and from any pane: make current, approve this one.
    static let compare = #"""
import { el } from "/studio/dom.js";
import { api, can, showError } from "/studio/api.js";
import { approveVersion } from "/studio/persona-actions.js";

const MIN_SCALE = 1;
const MAX_SCALE = 8;

export async function comparePage(id, numbers) {
  const base = "/api/v1/personas/" + id;
  const [persona, versions] = await Promise.all([api("GET", base), api("GET", base + "/seed-image/versions")]);
  const shown = numbers.map((number) => versions.find((version) => version.version === number)).filter(Boolean);
  const error = el("p", { class: "error", role: "alert", id: "compare-error", hidden: true });
  const view = { scale: 1, x: 0, y: 0 };
  const viewports = [];
  const level = el("span", { id: "zoom-level", "aria-live": "polite" }, "100%");

  // The same transform in every pane: equal sizes make equal coordinates.
  function apply() {
    const size = viewports.length ? viewports[0].clientWidth : 0;
    const limit = size * (view.scale - 1);
    view.x = Math.min(0, Math.max(-limit, view.x));
    view.y = Math.min(0, Math.max(-limit, view.y));
    for (const viewport of viewports) {
      viewport.firstChild.style.transform = "translate(" + view.x + "px, " + view.y + "px) scale(" + view.scale + ")";
      viewport.dataset.scale = String(view.scale);
      viewport.dataset.x = String(Math.round(view.x));
      viewport.dataset.y = String(Math.round(view.y));
    }
    level.textContent = Math.round(view.scale * 100) + "%";
  }

  // Zooms by `factor` keeping the point (px, py) of a pane where it is.
  function zoom(factor, px, py) {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
    view.x = px - (px - view.x) * (next / view.scale);
    view.y = py - (py - view.y) * (next / view.scale);
    view.scale = next;
    apply();
  }
  const centre = () => (viewports.length ? viewports[0].clientWidth / 2 : 0);

  function pane(version) {
    const image = el("img", { src: version.url, alt: "Version " + version.version, draggable: "false" });
    const viewport = el("div", { class: "viewport", tabindex: 0, role: "img", "aria-label": "Version " + version.version + ": scroll or +/- to zoom, drag or arrow keys to pan", "data-version": version.version }, image);
    viewports.push(viewport);
    viewport.addEventListener("wheel", (event) => {
      event.preventDefault();
      const box = viewport.getBoundingClientRect();
      zoom(event.deltaY < 0 ? 1.25 : 0.8, event.clientX - box.left, event.clientY - box.top);
    }, { passive: false });
    let drag = null;
    viewport.addEventListener("pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY };
      viewport.setPointerCapture(event.pointerId);
    });
    viewport.addEventListener("pointermove", (event) => {
      if (!drag) return;
      view.x += event.clientX - drag.x;
      view.y += event.clientY - drag.y;
      drag = { x: event.clientX, y: event.clientY };
      apply();
    });
    viewport.addEventListener("pointerup", () => { drag = null; });
    viewport.addEventListener("keydown", (event) => {
      const step = 40;
      const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (event.key === "+" || event.key === "=") zoom(1.25, centre(), centre());
      else if (event.key === "-") zoom(0.8, centre(), centre());
      else if (moves[event.key]) { view.x += moves[event.key][0]; view.y += moves[event.key][1]; apply(); }
      else return;
      event.preventDefault();
    });
    const current = persona.base_image && persona.base_image.version === version.version;
    const approved = persona.base_image_status === "approved";
    const act = async (work) => {
      error.hidden = true;
      try { if (await work()) location.hash = "#/personas/" + id; } catch (caught) { showError(error, caught); }
    };
    return el("figure", { class: "pane", "data-version": version.version },
      // One line above every viewport, so the panes line up; the details go below.
      el("figcaption", {}, el("strong", {}, "Version " + version.version), current ? " (current)" : ""),
      viewport,
      el("p", { class: "muted" }, version.generation
        ? version.generation.model + (version.generation.seed !== null ? " · seed " + version.generation.seed : "")
        : "Uploaded"),
      el("div", { class: "actions" },
        can("write") ? el("button", { type: "button", class: "make-current", disabled: current || approved, onclick: () => act(async () => {
          await api("POST", base + "/seed-image/versions/" + version.version + "/select");
          return true;
        }) }, "Make current") : null,
        can("approve") ? el("button", { type: "button", class: "primary approve-this", disabled: approved, onclick: () => act(() => approveVersion(persona, version.version)) }, "Approve this one") : null));
  }

  const panes = shown.map(pane);
  const page = el("section", { "aria-labelledby": "compare-title" },
    el("p", {}, el("a", { href: "#/personas/" + id }, "← Back to " + persona.name)),
    el("h1", { id: "compare-title" }, "Compare versions of ", persona.name),
    el("div", { class: "zoombar", role: "group", "aria-label": "Zoom for every pane" },
      el("button", { type: "button", id: "zoom-out", onclick: () => zoom(0.8, centre(), centre()) }, "Zoom out"),
      el("button", { type: "button", id: "zoom-in", onclick: () => zoom(1.25, centre(), centre()) }, "Zoom in"),
      el("button", { type: "button", id: "zoom-reset", onclick: () => { view.scale = 1; view.x = 0; view.y = 0; apply(); } }, "Reset"),
      level),
    error,
    shown.length === numbers.length ? null : el("p", { class: "error" }, "Some of these versions do not exist."),
    el("div", { class: "compare n" + panes.length, id: "compare-panes" }, panes));
  requestAnimationFrame(apply);
  return page;
}
"""#
}
