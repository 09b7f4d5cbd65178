extension StudioAssets {
    /// A running job as a form shows it: progress bar, status line, error slot and cancel button, fed
    /// by the job's Server-Sent Events. Baseline generation and content generation share it.
    static let job = #"""
import { el } from "/studio/dom.js";
import { api, showError } from "/studio/api.js";

// `prefix` names the elements (#prefix-progress, #prefix-state, #prefix-error) for tests and for
// aria-describedby; `onEnd(job)` runs once the job has ended, however it ended (job is null when the
// stream was lost).
export function jobView(prefix, { what, cancelId, onEnd }) {
  const progress = el("progress", { id: prefix + "-progress", max: 1, value: 0, hidden: true, "aria-label": what + " progress" });
  const state = el("p", { role: "status", id: prefix + "-state" });
  const error = el("p", { class: "error", role: "alert", id: prefix + "-error", hidden: true });
  const cancel = el("button", { type: "button", id: cancelId || prefix + "-cancel", hidden: true }, "Cancel");
  let stream = null;
  const finish = (job) => {
    if (stream) stream.close();
    stream = null;
    cancel.hidden = true;
    if (onEnd) onEnd(job);
  };

  function follow(job) {
    error.hidden = true;
    progress.hidden = false;
    progress.value = job.progress || 0;
    state.textContent = "Job " + job.status + "…";
    cancel.hidden = false;
    cancel.onclick = async () => {
      cancel.disabled = true;
      try { await api("DELETE", "/api/v1/jobs/" + job.id); } catch (caught) { showError(error, caught); }
      cancel.disabled = false;
    };
    stream = new EventSource("/api/v1/jobs/" + job.id + "/events");
    const update = (event) => {
      const current = JSON.parse(event.data);
      progress.value = current.progress || 0;
      state.textContent = "Job " + current.status + " · " + Math.round((current.progress || 0) * 100) + "%";
      return current;
    };
    stream.addEventListener("progress", update);
    stream.addEventListener("succeeded", (event) => finish(update(event)));
    stream.addEventListener("failed", (event) => {
      const current = update(event);
      progress.hidden = true;
      showError(error, { detail: what + " failed: " + (current.error || "the engine gave no reason") });
      finish(current);
    });
    stream.addEventListener("cancelled", (event) => {
      const current = update(event);
      progress.hidden = true;
      state.textContent = "Cancelled: nothing was stored.";
      finish(current);
    });
    stream.onerror = () => {
      // The stream ends after the final event; an error before it means the connection was lost.
      if (!stream) return;
      showError(error, { detail: "Lost the job's progress stream; reload to see its outcome." });
      finish(null);
    };
  }

  return { progress, state, error, cancel, follow };
}
"""#
}
