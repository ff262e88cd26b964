// The pipeline's browser page: plain script, no build step, nothing loaded from elsewhere. It talks only to this
// host's /api routes, so the same files work on the standalone host (served at /) and on Azure Functions (/api/ui/).
"use strict";

const KEY_STORAGE = "imagepipeline.apiKey";
const RECENT_STORAGE = "imagepipeline.recent";
const ACTIVE_POLL_MS = 1500;   // while something runs: about one read per generation step
const IDLE_POLL_MS = 15000;    // nothing running: just notice generations started elsewhere
const PAGE_SIZE = 20;
const TERMINAL = new Set(["Completed", "Failed", "Canceled"]);

const $ = (id) => document.getElementById(id);
const state = {
  listRoute: true,          // false once the host answers that it has no GET /api/generations
  items: [],                // status documents, newest first
  rows: new Map(),          // id -> { json, element }: rows are rebuilt only when their document changed
  images: new Map(),        // output address -> Promise<object URL>, so polling never downloads an image twice
  timer: 0,
};

// ---- API calls ------------------------------------------------------------------------------------------------

function apiKey() { return localStorage.getItem(KEY_STORAGE) || ""; }

function headers(extra) {
  const h = Object.assign({ Accept: "application/json" }, extra || {});
  const key = apiKey();
  // One key field serves both hosts: Functions reads x-functions-key, the standalone host x-api-key.
  if (key) { h["x-functions-key"] = key; h["x-api-key"] = key; }
  return h;
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({}, options, { headers: headers(options && options.headers) }));
  let body = null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) body = await response.json().catch(() => null);
  return { status: response.status, ok: response.ok, body };
}

function needsKey(status) {
  if (status !== 401 && status !== 403) return false;
  $("key-panel").open = true;
  $("list-message").textContent = "This host needs a key: paste it under \"API key\".";
  return true;
}

// ---- recent generations -------------------------------------------------------------------------------------------

function recent() {
  try { return JSON.parse(localStorage.getItem(RECENT_STORAGE) || "[]"); } catch { return []; }
}

function remember(id, prompt) {
  const list = recent().filter((r) => r.id !== id);
  list.unshift({ id, prompt });
  localStorage.setItem(RECENT_STORAGE, JSON.stringify(list.slice(0, 50)));
}

function promptOf(id) { const r = recent().find((x) => x.id === id); return r ? r.prompt : ""; }

async function loadList() {
  if (state.listRoute) {
    const r = await api(`/api/generations?pageSize=${PAGE_SIZE}`);
    if (r.ok && r.body && Array.isArray(r.body.items)) return r.body.items;
    if (needsKey(r.status)) return state.items;
    // A host without the list route: show the generations this browser started, read one by one.
    if (r.status === 404 || r.status === 405) state.listRoute = false;
    else throw new Error(`listing generations answered ${r.status}`);
  }
  const known = new Map(state.items.map((d) => [d.id, d]));
  const docs = [];
  for (const { id } of recent().slice(0, PAGE_SIZE)) {
    const old = known.get(id);
    if (old && TERMINAL.has(old.status)) { docs.push(old); continue; } // an ended generation no longer changes
    const r = await api(`/api/generations/${encodeURIComponent(id)}`);
    if (r.ok && r.body) docs.push(r.body);
    else if (needsKey(r.status)) return state.items;
  }
  return docs;
}

async function refresh() {
  clearTimeout(state.timer);
  try {
    state.items = await loadList();
    $("list-message").textContent = state.items.length ? "" : "No generations yet.";
  } catch (error) {
    $("list-message").textContent = `Could not load generations: ${error.message}`;
  }
  render();
  schedule();
}

function schedule() {
  const active = state.items.some((d) => !TERMINAL.has(d.status));
  state.timer = setTimeout(() => { if (!document.hidden) refresh(); else schedule(); }, active ? ACTIVE_POLL_MS : IDLE_POLL_MS);
}

// ---- rendering (textContent only: every value shown came from a caller or a provider) ----------------------------

function el(tag, attributes, ...children) {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null) continue;
    if (name === "text") e.textContent = value; else if (name.startsWith("on")) e.addEventListener(name.slice(2), value); else e.setAttribute(name, value);
  }
  for (const child of children) if (child) e.append(child);
  return e;
}

function elapsed(doc) {
  const end = TERMINAL.has(doc.status) ? Date.parse(doc.updatedAt) : Date.now();
  const seconds = Math.max(0, Math.round((end - Date.parse(doc.createdAt)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function outputAddress(doc, index) {
  // `url` is where the host serves the archived bytes; `uri` is only the storage location (a file or private blob).
  const output = doc.outputs[index];
  return output.url || `/api/generations/${encodeURIComponent(doc.id)}/outputs/${index}`;
}

function imageUrl(address) {
  // Fetched with the key header (an <img src> cannot send one), then shown from a local object URL.
  if (!state.images.has(address)) {
    const load = fetch(address, { headers: headers({ Accept: "image/*" }) }).then((r) => {
      if (!r.ok) throw new Error(`${r.status}`);
      return r.blob();
    }).then((blob) => URL.createObjectURL(blob));
    load.catch(() => state.images.delete(address)); // try again on the next render
    state.images.set(address, load);
  }
  return state.images.get(address);
}

function thumbnail(doc, index) {
  const output = doc.outputs[index];
  const size = output.width && output.height ? `${output.width}×${output.height}` : "";
  const img = el("img", { alt: `Output ${index + 1} of ${doc.id}`, "data-loading": "true" });
  const button = el("button", { type: "button", class: "thumb", title: `Open full size ${size}`.trim() }, img);
  imageUrl(outputAddress(doc, index)).then((src) => {
    img.src = src; img.removeAttribute("data-loading");
    button.addEventListener("click", () => openViewer(src, doc, index, size));
  }, (error) => { button.replaceWith(el("span", { class: "notification", text: `Output ${index + 1} could not be loaded (${error.message}); stored at ${output.uri}` })); });
  return button;
}

function openViewer(src, doc, index, size) {
  $("viewer-image").src = src;
  $("viewer-image").alt = `Output ${index + 1} of ${doc.id}`;
  $("viewer-caption").textContent = [doc.provider, doc.model, size].filter(Boolean).join(" · ");
  $("viewer-download").href = src;
  $("viewer-download").download = `${doc.id}-${index}`;
  $("viewer").showModal();
}

async function cancel(id, button) {
  button.disabled = true;
  const r = await api(`/api/generations/${encodeURIComponent(id)}/cancel`, { method: "POST" });
  if (!r.ok && !needsKey(r.status)) button.title = (r.body && (r.body.detail || r.body.title)) || `cancel answered ${r.status}`;
  refresh();
}

// "runware refused (rate_limited) → gmicloud": shown only when the generation went to more than one provider.
function route(doc) {
  const attempts = doc.attempts || [];
  if (attempts.length < 2) return "";
  return attempts.map((a, i) => i === attempts.length - 1 ? a.provider
    : `${a.provider} ${a.outcome.replaceAll("_", " ")}${a.error ? ` (${a.error.code})` : ""}`).join(" → ");
}

// "$0.0404 est.", "$0.0400" (reported by the provider), "not billed" or "cost unknown"; nothing while it runs, when the
// total covers only the attempts that have ended.
function costText(doc) {
  if (!TERMINAL.has(doc.status)) return "";
  const cost = doc.cost;
  if (!cost) return "cost unknown";
  if (cost.basis === "not_billed") return "not billed";
  if (cost.basis === "unknown" || typeof cost.usd !== "number") return "cost unknown";
  const usd = `$${cost.usd.toFixed(4)}`;
  return cost.basis === "estimated" ? `${usd} est.` : usd;
}

const COST_TITLES = {
  reported: "reported by the provider",
  estimated: "estimated from the configured price list",
  not_billed: "the provider refused before accepting a job",
  unknown: "the provider did not report a cost and no price is configured",
};

function row(doc) {
  const running = !TERMINAL.has(doc.status);
  const phase = doc.progress && doc.progress.providerStatus ? doc.progress.providerStatus : "";
  const percent = doc.progress ? doc.progress.percent : 0;
  const item = el("li", { class: "generation", "data-id": doc.id, "data-status": doc.status },
    el("div", { class: "summary" },
      el("span", { class: "status", "data-status": doc.status, text: doc.status }),
      el("span", { class: "provider", text: `${doc.provider} · ${doc.model}` }),
      route(doc) ? el("span", { class: "route", text: route(doc), title: doc.routing && doc.routing.reason }) : null,
      costText(doc) ? el("span", { class: "cost", text: costText(doc), title: COST_TITLES[doc.cost ? doc.cost.basis : "unknown"] }) : null,
      el("span", { class: "phase", text: phase }),
      running ? el("progress", { max: "100", value: String(percent) }) : null,
      el("span", { class: "elapsed", "data-created": doc.createdAt, text: elapsed(doc) }),
      el("span", { class: "id", text: doc.id })),
    running ? el("button", { type: "button", class: "cancel", text: "Cancel", onclick: (e) => cancel(doc.id, e.target) }) : el("span"));
  const prompt = promptOf(doc.id) || (doc.metadata && doc.metadata.prompt);
  if (prompt) item.append(el("div", { class: "prompt", text: prompt }));
  if (doc.status === "Completed" && doc.outputs && doc.outputs.length) {
    item.append(el("div", { class: "outputs" }, ...doc.outputs.map((_, i) => thumbnail(doc, i))));
  }
  if (doc.error) item.append(el("p", { class: "problem", text: `${doc.error.code}: ${doc.error.message}` }));
  if (doc.warning) item.append(el("p", { class: "warning", text: doc.warning }));
  if (doc.notification) {
    const n = doc.notification;
    const text = n.delivered
      ? `Webhook delivered (${n.attempts} attempt${n.attempts === 1 ? "" : "s"}).`
      : `Webhook not delivered after ${n.attempts} attempt${n.attempts === 1 ? "" : "s"}` +
        (n.lastStatusCode ? `, last answer ${n.lastStatusCode}` : "") + (n.error ? `: ${n.error}` : ".");
    item.append(el("p", { class: "notification", text }));
  }
  return item;
}

function render() {
  const list = $("generations");
  const seen = new Set();
  state.items.forEach((doc, index) => {
    seen.add(doc.id);
    const json = JSON.stringify(doc);
    let cached = state.rows.get(doc.id);
    if (!cached || cached.json !== json) {
      const element = row(doc);
      if (cached) cached.element.replaceWith(element);
      cached = { json, element };
      state.rows.set(doc.id, cached);
    }
    if (list.children[index] !== cached.element) list.insertBefore(cached.element, list.children[index] || null);
  });
  for (const [id, cached] of state.rows) if (!seen.has(id)) { cached.element.remove(); state.rows.delete(id); }
}

function tickElapsed() {
  for (const doc of state.items) {
    if (TERMINAL.has(doc.status)) continue;
    const cached = state.rows.get(doc.id);
    const span = cached && cached.element.querySelector(".elapsed");
    if (span) span.textContent = elapsed(doc);
  }
}

// ---- the start form --------------------------------------------------------------------------------------------------

function readAsDataUri(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function showProblem(r) {
  const errors = $("form-errors");
  errors.replaceChildren();
  const problem = r.body || {};
  $("form-message").textContent = problem.title || `The host answered ${r.status}.`;
  for (const [field, messages] of Object.entries(problem.errors || {})) {
    for (const message of messages) errors.append(el("li", { text: `${field}: ${message}` }));
  }
  if (!problem.errors && problem.detail) errors.append(el("li", { text: problem.detail }));
}

async function start(event) {
  event.preventDefault();
  const form = event.target;
  const button = $("start");
  button.disabled = true;
  $("form-errors").replaceChildren();
  $("form-message").textContent = "Starting…";
  try {
    const request = { prompt: $("prompt").value };
    for (const [field, input] of [["model", "model"], ["aspectRatio", "aspect-ratio"]]) {
      const value = $(input).value.trim();
      if (value) request[field] = value;
    }
    // "runware, segmind" is an ordered list to fail over along; one name or "auto" stays a string.
    const providers = $("provider").value.split(",").map((p) => p.trim()).filter(Boolean);
    if (providers.length) request.provider = providers.length === 1 ? providers[0] : providers;
    if ($("fallback-on-failure").checked) request.fallbackOnFailure = true;
    const file = $("image").files[0];
    if (file) request.image = await readAsDataUri(file); // the API takes a source image as a data URI or https URL
    const r = await api("/api/generations", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) });
    if (r.status === 202 && r.body) {
      remember(r.body.id, request.prompt);
      $("form-message").textContent = `Started ${r.body.id}.`;
      form.reset();
      await refresh();
    } else if (!needsKey(r.status)) {
      showProblem(r);
    } else {
      $("form-message").textContent = "";
    }
  } catch (error) {
    $("form-message").textContent = `Could not start: ${error.message}`;
  } finally {
    button.disabled = false;
  }
}

async function loadProviders() {
  const r = await api("/api/health");
  const names = r.body && Array.isArray(r.body.providers) ? r.body.providers : [];
  const choices = $("provider-names");
  for (const name of names) choices.append(el("option", { value: name }));
}

document.addEventListener("DOMContentLoaded", () => {
  $("api-key").value = apiKey();
  $("save-key").addEventListener("click", () => {
    localStorage.setItem(KEY_STORAGE, $("api-key").value.trim());
    $("key-panel").open = false;
    refresh();
  });
  $("start-form").addEventListener("submit", start);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
  setInterval(tickElapsed, 1000);
  loadProviders();
  refresh();
});
