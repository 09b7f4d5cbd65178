extension DocsPage {
    /// The renderer: fetches `/openapi.json` and builds the page with DOM calls only (no innerHTML, no
    /// eval), so the strict CSP holds and no text from the document is ever parsed as markup.
    static let script = #"""
"use strict";
(function () {
  const root = document.getElementById("api");
  const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
  let doc = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value; else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // `code` spans in descriptions become <code>; everything else stays text.
  function prose(text, tag) {
    const node = el(tag || "p", { class: "prose" });
    String(text || "").split("`").forEach((part, index) => {
      node.append(index % 2 ? el("code", {}, part) : document.createTextNode(part));
    });
    return node;
  }

  function refName(ref) { return ref.split("/").pop(); }

  function typeText(schema) {
    if (!schema) return "any";
    if (schema.$ref) return refName(schema.$ref);
    for (const key of ["oneOf", "anyOf"]) {
      if (schema[key] && !schema.properties) return schema[key].map(typeText).join(" | ");
    }
    let type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type || "any");
    if (schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"))) {
      type = type.replace("array", "array of " + typeText(schema.items));
    }
    return type;
  }

  function constraints(schema) {
    const parts = [];
    if (!schema || schema.$ref) return parts;
    if (schema.format) parts.push("format " + schema.format);
    if (schema.enum) parts.push("one of " + schema.enum.map((v) => JSON.stringify(v)).join(", "));
    const pairs = [["minLength", "≥ %s chars"], ["maxLength", "≤ %s chars"], ["minimum", "≥ %s"], ["maximum", "≤ %s"],
      ["minItems", "≥ %s items"], ["maxItems", "≤ %s items"], ["pattern", "matches %s"], ["default", "default %s"]];
    for (const [key, text] of pairs) {
      if (schema[key] !== undefined) parts.push(text.replace("%s", typeof schema[key] === "string" && key !== "pattern" ? JSON.stringify(schema[key]) : schema[key]));
    }
    if (schema.uniqueItems) parts.push("unique items");
    if (schema.additionalProperties === false) parts.push("no other fields");
    return parts;
  }

  function typeNode(schema) {
    if (schema && schema.$ref) {
      const name = refName(schema.$ref);
      return el("a", { href: "#schema-" + name, class: "type" }, name);
    }
    const alternatives = schema && (schema.oneOf || schema.anyOf);
    if (alternatives && !schema.properties) {
      const node = el("span", { class: "type" });
      alternatives.forEach((alt, index) => { if (index) node.append(" | "); node.append(typeNode(alt)); });
      return node;
    }
    if (schema && schema.items && schema.items.$ref) {
      return el("span", { class: "type" }, "array of ", typeNode(schema.items));
    }
    return el("span", { class: "type" }, typeText(schema));
  }

  function schemaNode(schema, depth) {
    const box = el("div", { class: "schema" }, typeNode(schema));
    const notes = constraints(schema);
    if (notes.length) box.append(el("span", { class: "constraints" }, " (" + notes.join("; ") + ")"));
    if (schema && schema.description) box.append(prose(schema.description, "div"));
    if (!schema || depth > 4) return box;
    const object = schema.properties ? schema : (schema.items && schema.items.properties ? schema.items : null);
    if (object) {
      const required = new Set(object.required || []);
      const list = el("ul", { class: "props" });
      for (const [name, prop] of Object.entries(object.properties)) {
        list.append(el("li", {}, el("code", { class: "prop" }, name), required.has(name) ? el("span", { class: "req" }, " required") : "",
          " ", schemaNode(prop, depth + 1)));
      }
      box.append(list);
    }
    if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      box.append(el("div", { class: "prose" }, "each value: ", schemaNode(schema.additionalProperties, depth + 1)));
    }
    for (const key of ["anyOf", "oneOf"]) {
      if (schema[key] && schema.properties) {
        box.append(el("div", { class: "prose" }, key === "anyOf" ? "and at least one of:" : "and exactly one of:",
          el("ul", {}, schema[key].map((alt) => el("li", {}, alt.required ? "has " + alt.required.join(", ") : schemaNode(alt, depth + 1))))));
      }
    }
    return box;
  }

  function contentNode(content) {
    const list = el("div", { class: "content" });
    for (const [type, media] of Object.entries(content || {})) {
      list.append(el("div", {}, el("span", { class: "media" }, type), " ", schemaNode(media.schema, 0)));
    }
    return list;
  }

  function operationNode(path, method, op) {
    const scope = op["x-required-scope"];
    const head = el("summary", {},
      el("span", { class: "method " + method }, method.toUpperCase()), " ", el("code", { class: "path" }, path), " ",
      el("span", { class: "summary" }, op.summary || ""),
      scope ? el("span", { class: "scope" }, "scope: " + scope) : el("span", { class: "scope public" }, "no key"));
    const body = el("div", { class: "body" }, prose(op.description));
    body.append(el("p", { class: "opid" }, "operationId: ", el("code", {}, op.operationId)));
    if (op.parameters && op.parameters.length) {
      const table = el("table", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "schema")));
      for (const p of op.parameters) {
        table.append(el("tr", {}, el("td", {}, el("code", {}, p.name), p.required ? el("span", { class: "req" }, " required") : ""),
          el("td", {}, p.in), el("td", {}, schemaNode(p.schema, 0), p.description ? prose(p.description, "div") : "")));
      }
      body.append(el("h4", {}, "Parameters"), table);
    }
    if (op.requestBody) {
      body.append(el("h4", {}, "Request body" + (op.requestBody.required ? "" : " (optional)")), contentNode(op.requestBody.content));
    }
    const responses = el("table", {}, el("tr", {}, el("th", {}, "status"), el("th", {}, "answer")));
    for (const [code, response] of Object.entries(op.responses || {})) {
      const cell = el("td", {}, prose(response.description, "div"));
      if (response.headers) cell.append(el("div", { class: "headers" }, "headers: ", Object.keys(response.headers).join(", ")));
      if (response.content) cell.append(contentNode(response.content));
      responses.append(el("tr", {}, el("td", { class: "status s" + code[0] }, code), cell));
    }
    body.append(el("h4", {}, "Responses"), responses);
    return el("details", { class: "operation", id: op.operationId }, head, body);
  }

  function render() {
    root.textContent = "";
    const info = doc.info || {};
    document.title = (info.title || "API") + " " + (info.version || "");
    root.append(el("h1", {}, info.title || "API", " ", el("span", { class: "version" }, info.version || "")));
    if (info.summary) root.append(prose(info.summary));
    if (info.description) root.append(prose(info.description));
    root.append(el("p", {}, "OpenAPI ", doc.openapi, ": ", el("a", { href: "/openapi.json" }, "/openapi.json")));
    const byTag = new Map((doc.tags || []).map((tag) => [tag.name, []]));
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of METHODS) {
        if (!item[method]) continue;
        const tag = (item[method].tags || ["other"])[0];
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operationNode(path, method, item[method]));
      }
    }
    const tagInfo = new Map((doc.tags || []).map((tag) => [tag.name, tag]));
    for (const [tag, operations] of byTag) {
      if (!operations.length) continue;
      const section = el("section", { id: "tag-" + tag }, el("h2", {}, tag));
      if (tagInfo.get(tag) && tagInfo.get(tag).description) section.append(prose(tagInfo.get(tag).description));
      // `append` takes nodes as separate arguments: an array given whole would become its own text.
      section.append(...operations);
      root.append(section);
    }
    const schemas = (doc.components || {}).schemas || {};
    const section = el("section", { id: "schemas" }, el("h2", {}, "Schemas"));
    for (const [name, schema] of Object.entries(schemas)) {
      section.append(el("div", { class: "component", id: "schema-" + name }, el("h3", {}, name), schemaNode(schema, 0)));
    }
    root.append(section);
    // The page was opened at an anchor before it existed.
    if (location.hash) {
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) { if (target.tagName === "DETAILS") target.open = true; target.scrollIntoView(); }
    }
  }

  fetch("/openapi.json", { headers: { Accept: "application/json" } })
    .then((response) => { if (!response.ok) throw new Error("HTTP " + response.status); return response.json(); })
    .then((json) => { doc = json; render(); })
    .catch((error) => { root.textContent = "Could not load /openapi.json: " + error.message; });
})();
"""#
}
