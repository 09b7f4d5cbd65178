extension StudioAssets {
    static let style = #"""
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde6; --bg: #f6f7f9; --card: #fff; --accent: #1f5fa8;
  --ok: #2f7d32; --warn: #a86a1f; --bad: #b3261e; --focus: #f5a623; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: var(--ink); background: var(--bg); min-width: 320px; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 6px; }
.skip:focus { left: 6px; z-index: 10; }
header.top { display: flex; align-items: center; gap: 1rem; padding: 0.6rem 1.2rem; background: #1d2330; color: #fff; flex-wrap: wrap; }
header.top a { color: #fff; }
.brand { font-weight: bold; text-decoration: none; font-size: 1.1rem; }
#nav { display: flex; gap: 1rem; align-items: center; flex: 1; flex-wrap: wrap; }
#nav .who { margin-left: auto; color: #cfd6e4; font-size: 0.9rem; }
#nav button { background: transparent; color: #fff; border: 1px solid #7b8496; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.2rem 4rem; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: 0.4rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 0.6rem; }
button, .button { font: inherit; padding: 0.35rem 0.8rem; border-radius: 6px; border: 1px solid var(--line); background: #fff; color: var(--ink); cursor: pointer; text-decoration: none; display: inline-block; }
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
button:disabled { opacity: 0.45; cursor: not-allowed; }
input, select, textarea { font: inherit; padding: 0.3rem 0.45rem; border: 1px solid #aab1bf; border-radius: 5px; background: #fff; color: var(--ink); max-width: 100%; }
textarea { width: 100%; min-height: 4.5em; }
.field input:not([type=checkbox]):not([type=file]), .field select { width: 100%; }
.options .field input, .options .field select { width: 100%; }
.locked-badge { color: var(--warn); border-color: #e6c28a; background: #fff6e6; font-weight: normal; }
input:disabled, select:disabled, textarea:disabled { background: #eceef2; color: var(--muted); }
label { font-weight: 600; display: block; margin: 0.5rem 0 0.15rem; }
label.inline { display: inline-flex; gap: 0.3rem; align-items: center; font-weight: normal; margin: 0 0.8rem 0 0; }
.field-error, .error { color: var(--bad); }
.field-error { font-size: 0.9rem; margin: 0.15rem 0; }
.error { background: #fdecea; border: 1px solid #f3b9b3; padding: 0.5rem 0.7rem; border-radius: 6px; white-space: pre-line; }
.notice { background: #e8f1fb; border: 1px solid #b6cfee; padding: 0.5rem 0.7rem; border-radius: 6px; }
.muted { color: var(--muted); }
.toolbar { display: flex; gap: 0.8rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
.toolbar label { margin: 0 0 0.15rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 0.9rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; text-decoration: none; color: var(--ink); display: flex; flex-direction: column; }
.card img, .card .placeholder { width: 100%; height: auto; aspect-ratio: 1; object-fit: cover; background: #e6e9ef; display: block; }
.card .placeholder { display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: 0.9rem; }
.card .meta { padding: 0.45rem 0.6rem 0.6rem; display: flex; flex-direction: column; gap: 0.25rem; }
.card .name { font-weight: 600; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: 0.78rem; padding: 1px 7px; border-radius: 10px; border: 1px solid; width: fit-content; }
.status-pending_upload { color: #555; border-color: #bbb; background: #f2f2f2; }
.status-draft { color: var(--warn); border-color: #e6c28a; background: #fff6e6; }
.status-approved { color: var(--ok); border-color: #9cc9a1; background: #e8f5e9; }
.status-rejected { color: var(--bad); border-color: #f0aaa4; background: #fdecea; }
.pager { display: flex; gap: 0.6rem; align-items: center; margin-top: 1rem; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.8rem 1rem; margin-bottom: 1rem; }
.persona-head { display: grid; grid-template-columns: minmax(240px, 420px) 1fr; gap: 1.2rem; align-items: start; }
@media (max-width: 900px) { .persona-head { grid-template-columns: 1fr; } }
.current img { width: 100%; height: auto; border-radius: 8px; border: 1px solid var(--line); background: #e6e9ef; display: block; }
.current .placeholder { aspect-ratio: 1; display: flex; align-items: center; justify-content: center; border: 1px dashed #aab1bf; border-radius: 8px; color: var(--muted); }
.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; margin: 0.6rem 0; }
.lock { background: #fff6e6; border: 1px solid #e6c28a; padding: 0.4rem 0.6rem; border-radius: 6px; font-size: 0.92rem; }
.strip { display: flex; gap: 0.7rem; overflow-x: auto; padding-bottom: 0.4rem; }
.version { flex: 0 0 160px; width: 160px; overflow-wrap: anywhere; background: var(--card); border: 2px solid var(--line); border-radius: 8px; padding: 0.35rem; font-size: 0.82rem; }
.version.current-version { border-color: var(--accent); }
.version img { width: 100%; height: auto; aspect-ratio: 1; object-fit: cover; border-radius: 5px; background: #e6e9ef; display: block; }
.version .vhead { display: flex; justify-content: space-between; align-items: center; margin-top: 0.25rem; font-weight: 600; }
.timeline { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
.timeline li { padding: 0.25rem 0 0.35rem 0.8rem; position: relative; }
.timeline li::before { content: ""; position: absolute; left: -6px; top: 0.6rem; width: 10px; height: 10px; border-radius: 50%; background: var(--accent); }
.dropzone { border: 2px dashed #aab1bf; border-radius: 8px; padding: 1rem; text-align: center; background: #fbfcfd; }
.dropzone.over { border-color: var(--accent); background: #e8f1fb; }
progress { width: 100%; height: 1rem; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
.options { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 0 0.8rem; }
.compare { display: grid; gap: 0.6rem; }
.compare.n2 { grid-template-columns: repeat(2, 1fr); } .compare.n3 { grid-template-columns: repeat(3, 1fr); } .compare.n4 { grid-template-columns: repeat(2, 1fr); }
@media (min-width: 1100px) { .compare.n4 { grid-template-columns: repeat(4, 1fr); } }
.pane { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.4rem; }
.viewport { position: relative; overflow: hidden; aspect-ratio: 1; background: #20242c; border-radius: 5px; cursor: grab; touch-action: none; }
.viewport img { position: absolute; left: 0; top: 0; width: 100%; height: 100%; object-fit: contain; transform-origin: 0 0; user-select: none; -webkit-user-drag: none; }
.zoombar { display: flex; gap: 0.5rem; align-items: center; margin-bottom: 0.6rem; flex-wrap: wrap; }
table.keys { border-collapse: collapse; width: 100%; background: #fff; }
table.keys th, table.keys td { border-bottom: 1px solid var(--line); padding: 0.4rem; text-align: left; }
.secret { font: 14px ui-monospace, monospace; background: #eef0f4; padding: 0.4rem; border-radius: 5px; overflow-wrap: anywhere; }
dialog { border: 1px solid var(--line); border-radius: 10px; max-width: 480px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0.6rem 0; }
dialog::backdrop { background: rgba(20, 24, 32, 0.45); }
fieldset.plain { border: 0; padding: 0; margin: 0; min-width: 0; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 0.8rem; }
.content-item { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.35rem; font-size: 0.85rem; overflow-wrap: anywhere; }
.content-item img { width: 100%; height: auto; aspect-ratio: 1; object-fit: cover; border-radius: 5px; background: #e6e9ef; display: block; }
.content-item .scene { margin: 0.3rem 0 0.2rem; }
.content-item button { margin-top: 0.3rem; }
#content-identity_strength { width: 6em; }
#content-strength-slider { width: min(100%, 320px); vertical-align: middle; margin-right: 0.5rem; }
#bulk-results h2 { margin-top: 0.2rem; }
.card-cell { position: relative; display: flex; flex-direction: column; }
.card-cell > .card { flex: 1; }
.card-cell.chosen > .card { outline: 3px solid var(--accent); }
label.pick { position: absolute; top: 6px; left: 6px; margin: 0; padding: 5px; line-height: 0; background: rgba(255, 255, 255, 0.92); border-radius: 5px; cursor: pointer; }
label.pick input { width: 1.15rem; height: 1.15rem; margin: 0; cursor: pointer; }
.bulk > label.inline { margin-bottom: 0.6rem; }
.bulk-bar { position: sticky; top: 0; z-index: 2; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; background: #e8f1fb; border: 1px solid #b6cfee; border-radius: 8px; padding: 0.5rem 0.7rem; margin-bottom: 0.8rem; }
.results { list-style: none; padding: 0; margin: 0; }
.results li { padding: 0.3rem 0; border-bottom: 1px solid var(--line); white-space: pre-line; }
.results .ok .mark { color: var(--ok); font-weight: bold; }
.results .failed .mark, .results .failed .detail { color: var(--bad); }
"""#
}
