// The page of `honestlint serve`: builds a listing from the copy and the facts, asks the server
// to lint it a moment after each change, and shows the findings as highlights behind the text
// and as a list with a Fix button per safe fix. Offsets from the server count code points;
// JavaScript strings count UTF-16 units, so every offset goes through utf16Index.
"use strict";

const DEBOUNCE_MS = 300;
const EDITORS = ["title", "bullets", "description"];
const SEVERITY_ORDER = { error: 3, warning: 2, info: 1 };
// Spec names the engine reads as a colour or a material (honestlint/data/lexicon.yaml aliases):
// an opened listing keeps its own key, so that messages quote the fact as it is written.
const SPEC_ALIASES = {
  colour: ["colour", "color", "颜色", "颜色分类", "顏色", "顏色分類"],
  material: ["material", "材质", "面料", "材質"],
};

const $ = (id) => document.getElementById(id);
const state = {
  seq: 0,              // number of the latest lint request; older answers are dropped
  timer: null,
  sent: null,          // the listing the findings on show were made for
  findings: [],
  specKeys: { colour: "colour", material: "material" },
  fileListings: [],
};

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function utf16Index(text, codePoints) {
  let index = 0;
  for (let n = 0; n < codePoints && index < text.length; n++) {
    index += text.codePointAt(index) > 0xffff ? 2 : 1;
  }
  return index;
}

// "promotions[0].text" -> ["promotions", 0, "text"]
function pathParts(path) {
  const parts = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return parts;
}

function valueAt(obj, path) {
  let value = obj;
  for (const part of pathParts(path)) {
    if (value === null || typeof value !== "object" || !(part in value)) return undefined;
    value = value[part];
  }
  return value;
}

function setAt(obj, parts, value) {
  let here = obj;
  parts.slice(0, -1).forEach((part) => {
    if (!isObject(here[part]) && !Array.isArray(here[part])) here[part] = {};
    here = here[part];
  });
  here[parts[parts.length - 1]] = value;
}

// --- the listing --------------------------------------------------------------------------

// The non-empty lines of the bullets box, each with where it starts in the box.
function bulletLines() {
  const lines = [];
  let start = 0;
  for (const line of $("bullets").value.split("\n")) {
    if (line.trim()) lines.push({ start, text: line });
    start += line.length + 1;
  }
  return lines;
}

function readRaw() {
  const text = $("raw").value.trim();
  if (!text) return {};
  try {
    const value = JSON.parse(text);
    if (!isObject(value)) throw new Error("it must be a JSON object ({...})");
    return value;
  } catch (e) {
    return { error: e.message };
  }
}

function parseGifts(text) {
  return text.split("\n").filter((line) => line.trim()).map((line) => {
    const m = line.trim().match(/^(.*?)\s*[×xX*]\s*(\d+)$/);
    return m && m[1] ? { name: m[1], quantity: Number(m[2]) } : { name: line.trim() };
  });
}

function buildListing() {
  const raw = readRaw();
  const rawError = $("raw-error");
  rawError.hidden = !raw.error;
  rawError.textContent = raw.error ? `More facts: not valid JSON (${raw.error}); left out.` : "";
  const listing = raw.error ? {} : structuredClone(raw);
  listing.title = $("title").value;
  const bullets = bulletLines().map((b) => b.text);
  if (bullets.length) listing.bullets = bullets;
  if ($("description").value) listing.description = $("description").value;
  for (const input of document.querySelectorAll("#facts [data-path]")) {
    if (input.value.trim() === "") continue;
    const parts = pathParts(input.dataset.path);
    if (input.dataset.spec) parts[1] = state.specKeys[input.dataset.spec];
    setAt(listing, parts, input.type === "number" ? Number(input.value) : input.value.trim());
  }
  const gifts = parseGifts($("gifts").value);
  if (gifts.length) listing.gifts = gifts;
  return listing;
}

// --- linting ------------------------------------------------------------------------------

function setStatus(text) {
  $("status").textContent = text;
}

function showError(message) {
  $("error").hidden = !message;
  $("error").textContent = message || "";
}

function scheduleLint() {
  clearTimeout(state.timer);
  state.timer = setTimeout(lint, DEBOUNCE_MS);
}

async function lint() {
  clearTimeout(state.timer);
  const seq = ++state.seq;
  const listing = buildListing();
  if (!listing.title.trim()) {
    state.sent = null;
    state.findings = [];
    render();
    showError("");
    setStatus("Type or paste a title to start.");
    return;
  }
  setStatus("Checking…");
  let response, body;
  try {
    response = await fetch("/api/lint", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ listing, lang: $("lang").value }),
    });
    body = await response.json();
  } catch (e) {
    if (seq === state.seq) {
      showError("The server does not answer: is `honestlint serve` still running?");
      setStatus("");
    }
    return;
  }
  if (seq !== state.seq) return; // the copy changed while this one was out
  if (!response.ok) {
    showError(body.error || `The server answered ${response.status}.`);
    setStatus("");
    return;
  }
  showError("");
  state.sent = listing;
  state.findings = body.findings.sort((a, b) => fieldRank(a.field) - fieldRank(b.field) || fieldIndex(a.field)
    - fieldIndex(b.field) || (a.offset ?? 0) - (b.offset ?? 0));
  render();
}

// Findings in the order of the page: title, bullets, description, then the other fields.
function fieldRank(field) {
  const rank = EDITORS.indexOf(field.replace(/\[\d+\]$/, ""));
  return rank < 0 ? EDITORS.length : rank;
}

function fieldIndex(field) {
  const m = field.match(/\[(\d+)\]/);
  return m ? Number(m[1]) : 0;
}

// --- showing findings ---------------------------------------------------------------------

// Where a finding's field is on the page: an editor and the start of the field's value in it.
function locate(field) {
  if (field === "title" || field === "description") return { editor: $(field), start: 0 };
  const m = field.match(/^bullets\[(\d+)\]$/);
  if (m) {
    const line = bulletLines()[Number(m[1])];
    return line ? { editor: $("bullets"), start: line.start } : null;
  }
  return null;
}

// The value of `field` now: in an editor, or in the More facts box.
function currentValue(field) {
  if (field === "title" || field === "description") return $(field).value;
  const m = field.match(/^bullets\[(\d+)\]$/);
  if (m) {
    const line = bulletLines()[Number(m[1])];
    return line ? line.text : undefined;
  }
  const raw = readRaw();
  return raw.error ? undefined : valueAt(raw, field);
}

function setValue(field, value) {
  if (field === "title" || field === "description") {
    $(field).value = value;
    return;
  }
  const m = field.match(/^bullets\[(\d+)\]$/);
  if (m) {
    const line = bulletLines()[Number(m[1])];
    const box = $("bullets");
    box.value = box.value.slice(0, line.start) + value + box.value.slice(line.start + line.text.length);
    return;
  }
  const raw = readRaw();
  setAt(raw, pathParts(field), value);
  $("raw").value = JSON.stringify(raw, null, 2);
}

// Whether the field still holds what was linted (else highlights and fixes would be misplaced).
function unchanged(field) {
  return state.sent !== null && currentValue(field) === valueAt(state.sent, field);
}

function paint(editor, spans) {
  const text = editor.value;
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = document.createDocumentFragment();
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    if (!covering.length) {
      pieces.append(text.slice(a, b));
      continue;
    }
    const mark = document.createElement("mark");
    mark.textContent = text.slice(a, b);
    const worst = covering.reduce((w, s) => (SEVERITY_ORDER[s.severity] > SEVERITY_ORDER[w] ? s.severity : w), "info");
    mark.className = worst;
    mark.dataset.rules = [...new Set(covering.map((s) => s.rule))].join(" ");
    mark.dataset.findings = covering.map((s) => s.index).join(" ");
    pieces.append(mark);
  }
  pieces.append("\u200b"); // a final newline takes up its line in the textarea, so here too
  editor.previousElementSibling.replaceChildren(pieces);
}

// Highlights for the findings whose field still holds the text they were found in.
function paintAll() {
  const spans = new Map(EDITORS.map((id) => [id, []]));
  state.findings.forEach((f, index) => {
    if (f.offset === null || f.end_offset === null || f.end_offset <= f.offset || !unchanged(f.field)) return;
    const where = locate(f.field);
    if (!where) return;
    const value = currentValue(f.field);
    spans.get(where.editor.id).push({
      start: where.start + utf16Index(value, f.offset), end: where.start + utf16Index(value, f.end_offset),
      severity: f.severity, rule: f.rule, index,
    });
  });
  for (const id of EDITORS) paint($(id), spans.get(id));
}

function render() {
  paintAll();
  const list = $("findings");
  list.replaceChildren(...state.findings.map(findingItem));
  const n = state.findings.length;
  $("count").textContent = n ? `(${n})` : "";
  setStatus(state.sent === null ? "Type or paste a title to start." : n ? "" : "No findings: the copy agrees with the facts given.");
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function findingItem(f, index) {
  const item = el("li", `finding ${f.severity}`);
  item.dataset.rule = f.rule;
  item.dataset.index = index;
  const head = el("div", "head");
  head.append(el("span", "severity", f.severity), el("code", "rule", f.rule), el("span", "field", f.field));
  item.append(head, el("p", "message", f.message));
  if (f.suggestion) item.append(el("p", "suggestion", f.suggestion));
  if (f.fact_field) {
    const fact = el("p", "fact", "fact: ");
    fact.append(el("code", "", f.fact_field));
    if (f.fact_value !== null && f.fact_value !== undefined) {
      fact.append(" = ", el("b", "", String(f.fact_value)));
    }
    item.append(fact);
  }
  if (f.fix && f.fix.applicability === "safe") {
    const button = el("button", "fix", `Fix: ${f.fix.message}`);
    button.type = "button";
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      applyFix(f);
    });
    item.append(button);
  }
  item.addEventListener("click", () => select(f, index));
  return item;
}

// Click on a finding: select its text in the editor and mark both.
function select(f, index) {
  for (const node of document.querySelectorAll(".current")) node.classList.remove("current");
  document.querySelector(`.finding[data-index="${index}"]`)?.classList.add("current");
  for (const mark of document.querySelectorAll("mark[data-findings]")) {
    if (mark.dataset.findings.split(" ").includes(String(index))) mark.classList.add("current");
  }
  const where = locate(f.field);
  if (!where || f.offset === null || !unchanged(f.field)) return;
  const value = currentValue(f.field);
  where.editor.focus();
  where.editor.setSelectionRange(where.start + utf16Index(value, f.offset), where.start + utf16Index(value, f.end_offset));
}

function applyFix(f) {
  if (!unchanged(f.field)) {
    lint(); // the text moved on since this finding: check it again instead
    return;
  }
  let value = currentValue(f.field);
  // Offsets are into the value as linted: apply from the end so that earlier ones stay valid.
  for (const edit of [...f.fix.edits].sort((a, b) => b.offset - a.offset)) {
    value = value.slice(0, utf16Index(value, edit.offset)) + edit.content + value.slice(utf16Index(value, edit.end_offset));
  }
  setValue(f.field, value);
  grow();
  lint();
}

// --- opening a listing file ---------------------------------------------------------------

function listingsIn(text) {
  text = text.replace(/^\uFEFF/, "");
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const lines = text.split(/\r?\n/).filter((line) => line.trim());
    if (lines.length < 2) throw e;
    value = lines.map((line, i) => {
      try {
        return JSON.parse(line);
      } catch (lineError) {
        throw new Error(`line ${i + 1}: ${lineError.message}`);
      }
    });
  }
  if (isObject(value) && !("title" in value) && Array.isArray(value.listings)) value = value.listings;
  const listings = (Array.isArray(value) ? value : [value]).filter(isObject);
  if (!listings.length) throw new Error("no listing object in it");
  return listings;
}

// Move the value at `path` out of `rest` (removing objects it leaves empty).
function take(rest, path) {
  const parts = pathParts(path);
  const value = valueAt(rest, path);
  if (value === undefined) return undefined;
  const parent = parts.length > 1 ? valueAt(rest, parts.slice(0, -1).join(".")) : rest;
  delete parent[parts[parts.length - 1]];
  if (parts.length > 1 && isObject(parent) && !Object.keys(parent).length) delete rest[parts[0]];
  return value;
}

function load(listing) {
  const rest = structuredClone(listing);
  const text = (key) => (typeof rest[key] === "string" ? take(rest, key) : "");
  $("title").value = text("title");
  $("description").value = text("description");
  const bullets = Array.isArray(rest.bullets) && rest.bullets.every((b) => typeof b === "string");
  $("bullets").value = bullets ? take(rest, "bullets").join("\n") : "";
  for (const [spec, names] of Object.entries(SPEC_ALIASES)) {
    const specs = isObject(rest.specs) ? rest.specs : {};
    state.specKeys[spec] = Object.keys(specs).find((k) => names.includes(k.toLowerCase())) || spec;
  }
  for (const input of document.querySelectorAll("#facts [data-path]")) {
    const path = input.dataset.spec ? `specs.${state.specKeys[input.dataset.spec]}` : input.dataset.path;
    const value = valueAt(rest, path);
    const fits = input.type === "number" ? typeof value === "number" : typeof value === "string";
    input.value = fits ? take(rest, path) : "";
  }
  const plainGifts = Array.isArray(rest.gifts) && rest.gifts.every(
    (g) => isObject(g) && typeof g.name === "string" && Object.keys(g).every((k) => k === "name" || k === "quantity"));
  $("gifts").value = plainGifts
    ? take(rest, "gifts").map((g) => (g.quantity !== undefined ? `${g.name} ×${g.quantity}` : g.name)).join("\n") : "";
  $("raw").value = JSON.stringify(rest, null, 2);
  grow();
  lint();
}

async function openFile() {
  const file = $("file").files[0];
  if (!file) return;
  try {
    state.fileListings = listingsIn(await file.text());
  } catch (e) {
    showError(`${file.name}: cannot read a listing (${e.message}).`);
    return;
  }
  const pick = $("pick");
  pick.replaceChildren(...state.fileListings.map((l, i) => {
    const option = el("option", "", `${l.id ?? `#${i + 1}`}: ${String(l.title ?? "").slice(0, 40)}`);
    option.value = i;
    return option;
  }));
  pick.hidden = state.fileListings.length < 2;
  load(state.fileListings[0]);
  $("file").value = ""; // the same file again is a change too
}

// --- wiring -------------------------------------------------------------------------------

// Editors grow with their text, so that the backdrop never has to follow a scrollbar.
function grow() {
  for (const box of [...EDITORS.map($), $("raw")]) {
    box.style.height = "auto";
    box.style.height = `${box.scrollHeight + 2}px`;
  }
}

async function showInfo() {
  try {
    const info = await (await fetch("/api/info")).json();
    if (!$("lang").dataset.touched) $("lang").value = info.lang;
    $("info").textContent = `honestlint ${info.version} · ${info.rules} rules · configuration: ${info.config || "none (defaults)"}`
      + ` · dates as of ${info.as_of}`;
  } catch (e) {
    $("info").textContent = "";
  }
}

function onEdit() {
  grow();
  paintAll(); // the edited field's highlights go until its text is checked again
  scheduleLint();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const id of [...EDITORS, "raw", "gifts"]) $(id).addEventListener("input", onEdit);
  for (const input of document.querySelectorAll("#facts [data-path]")) input.addEventListener("input", onEdit);
  $("facts").addEventListener("submit", (event) => event.preventDefault());
  $("lang").addEventListener("change", () => {
    $("lang").dataset.touched = "1";
    lint();
  });
  $("file").addEventListener("change", openFile);
  $("pick").addEventListener("change", () => load(state.fileListings[Number($("pick").value)]));
  window.addEventListener("resize", grow);
  grow();
  showInfo();
});
