/// The studio's files, compiled into the binary: hand-written HTML, CSS and JavaScript modules, no
/// build step and nothing from outside. Each module is in a `StudioAssets+Name.swift` of its own.
enum StudioAssets {
    struct File {
        let type: String
        let body: String
    }

    static let files: [String: File] = [
        "studio.css": File(type: "text/css; charset=utf-8", body: style),
        "icon.svg": File(type: "image/svg+xml", body: DocsPage.icon),
        "dom.js": script(dom),
        "api.js": script(api),
        "app.js": script(app),
        "personas.js": script(personas),
        "persona.js": script(persona),
        "persona-actions.js": script(personaActions),
        "job.js": script(job),
        "content.js": script(content),
        "bulk.js": script(bulk),
        "compare.js": script(compare),
        "keys.js": script(keys),
    ]

    private static func script(_ body: String) -> File { File(type: "text/javascript; charset=utf-8", body: body) }

    /// The one page: a shell the modules fill. `#main` is announced to screen readers as it changes.
    static let page = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PersonaSeed Studio</title>
<link rel="icon" href="/studio/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/studio/studio.css">
<script type="module" src="/studio/app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="#/">PersonaSeed Studio</a>
  <nav id="nav" aria-label="Main"></nav>
</header>
<main id="main" tabindex="-1" aria-live="polite"><p>Loading…</p></main>
<noscript><p>The studio needs JavaScript. The API itself is described at <a href="/docs">/docs</a>.</p></noscript>
<dialog id="confirm" aria-labelledby="confirm-title">
  <form method="dialog">
    <h2 id="confirm-title">Are you sure?</h2>
    <p id="confirm-text"></p>
    <div class="actions">
      <button value="cancel" id="confirm-cancel">Cancel</button>
      <button value="ok" id="confirm-ok" class="primary">Confirm</button>
    </div>
  </form>
</dialog>
</body>
</html>
"""#
}
