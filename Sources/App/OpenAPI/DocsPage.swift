/// `GET /docs`: the API reference for a browser, self-contained (no CDN: it works offline). The page
/// is static; its script (`/docs/docs.js`) renders `/openapi.json`.
enum DocsPage {
    /// Only our own script, style and document may load; nothing may frame the page or post a form.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PersonaSeed API</title>
<link rel="icon" href="/docs/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/docs/docs.css">
<script src="/docs/docs.js" defer></script>
</head>
<body>
<main id="api">
<p>Loading the API document from <a href="/openapi.json">/openapi.json</a>…</p>
<noscript><p>This page renders <a href="/openapi.json">/openapi.json</a> with JavaScript; the document itself is plain JSON.</p></noscript>
</main>
</body>
</html>
"""#

    /// The tab's icon: with none named, browsers ask for `/favicon.ico` and log its 404.
    static let icon = #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f5fa8"/><circle cx="16" cy="13" r="6" fill="#fff"/><path d="M6 28c1.5-6 5.5-9 10-9s8.5 3 10 9z" fill="#fff"/></svg>
"""#

    static let style = #"""
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #fafbfc; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 .version { font-size: 0.6em; color: #667; font-weight: normal; }
h2 { margin-top: 2.2rem; border-bottom: 2px solid #dde; text-transform: capitalize; }
code { font: 13px ui-monospace, monospace; background: #eef0f4; padding: 0 3px; border-radius: 3px; }
details.operation { background: #fff; border: 1px solid #dde; border-radius: 6px; margin: 0.5rem 0; }
details.operation > summary { cursor: pointer; padding: 0.5rem 0.7rem; display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
details.operation .body { padding: 0 1rem 1rem; border-top: 1px solid #eee; }
.method { font: bold 12px ui-monospace, monospace; color: #fff; padding: 2px 6px; border-radius: 4px; min-width: 4em; text-align: center; }
.method.get { background: #2f7d32; } .method.post { background: #1f5fa8; } .method.put { background: #a86a1f; }
.method.delete { background: #b3261e; } .method.patch { background: #6a3fa0; }
.path { background: none; font-weight: bold; }
.summary { color: #445; }
.scope { margin-left: auto; font-size: 12px; background: #fff3cd; border: 1px solid #e6d28a; padding: 1px 6px; border-radius: 10px; }
.scope.public { background: #e3f2e5; border-color: #9cc9a1; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #eee; padding: 4px 6px; }
td.status { font-weight: bold; width: 4em; } .s2 { color: #2f7d32; } .s3 { color: #555; } .s4 { color: #a86a1f; } .s5 { color: #b3261e; }
.schema { margin: 2px 0; } .type { font-family: ui-monospace, monospace; color: #1f5fa8; }
.constraints, .opid, .headers { color: #667; font-size: 13px; }
.props { margin: 2px 0 2px 0.5rem; padding-left: 1rem; border-left: 2px solid #eef; list-style: none; }
.req { color: #b3261e; font-size: 12px; }
.media { font: 12px ui-monospace, monospace; background: #eef0f4; padding: 0 4px; }
.prose { margin: 0.3rem 0; white-space: pre-line; }
.component { background: #fff; border: 1px solid #dde; border-radius: 6px; padding: 0.2rem 1rem 0.6rem; margin: 0.6rem 0; }
"""#
}
