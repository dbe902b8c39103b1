// The dashboard page: a live resource table and a live console-log view, fed by the AppHost's JSON API and
// Server-Sent Events. Everything is written with textContent: log lines and messages are never parsed as HTML.
"use strict";

const resources = new Map();   // name -> view, in the model's order
const expanded = new Set();    // resources whose details are open
const maxLogLines = 5000;
const ansi = /\u001b\[[0-9;?]*[ -\/]*[@-~]/g;
let logSource = null;
let logLines = [];

const $ = id => document.getElementById(id);

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

async function api(path, init) {
  const response = await fetch(path, init);
  if (response.status === 401) { location.href = "/login"; throw new Error("signed out"); }
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error(body?.error ?? `${response.status} ${response.statusText}`);
  return body;
}

function stateClass(view) {
  if (view.state === "Running") return view.health === "Healthy" ? "ok" : view.health === "Unhealthy" ? "bad" : "warn";
  if (view.state === "FailedToStart" || (view.state === "Exited" && view.exitCode !== 0)) return "bad";
  if (view.state === "Waiting" || view.state === "Starting" || view.state === "Stopping") return "warn";
  return "idle";
}

function stateText(view) {
  if (view.state === "Running") return view.health ? `Running (${view.health.toLowerCase()})` : "Running";
  if (view.state === "NotStarted" && view.explicitStart) return "Not started (starts when asked)";
  if (view.state === "Exited" && view.exitCode != null) return `Exited (code ${view.exitCode})`;
  return view.state.replace(/([a-z])([A-Z])/g, "$1 $2");
}

function time(value) {
  return value ? new Date(value).toLocaleTimeString() : "";
}

const commandLabels = { "resource-start": "Start", "resource-stop": "Stop", "resource-restart": "Restart" };

async function runCommand(button, name, command) {
  button.disabled = true;
  $("command-error").hidden = true;
  try {
    await api(`/api/resources/${encodeURIComponent(name)}/commands/${command}`, { method: "POST" });
  } catch (error) {
    $("command-error").textContent = `${commandLabels[command] ?? command} ${name}: ${error.message}`;
    $("command-error").hidden = false;
  } finally {
    button.disabled = false;
  }
}

function relations(view) {
  const cell = el("td", { textContent: view.references.join(", ") });
  const waits = view.waitsFor.filter(name => !view.references.includes(name));
  if (view.parent) cell.append(el("span", { className: "detail", textContent: `part of ${view.parent}` }));
  if (waits.length) cell.append(el("span", { className: "detail", textContent: `waits for ${waits.join(", ")}` }));
  return cell;
}

function row(view) {
  const state = el("span", { className: `state ${stateClass(view)}`, textContent: stateText(view) });
  const stateCell = el("td", {}, state);
  if (view.message) stateCell.append(el("span", { className: "detail", textContent: view.message }));

  const urls = el("td", { className: "urls" });
  for (const url of view.urls) {
    if (/^https?:\/\//.test(url)) urls.append(el("a", { href: url, textContent: url, target: "_blank", rel: "noopener noreferrer" }));
    else urls.append(el("span", { className: "detail", textContent: url }));
  }

  const runs = el("td", {}, view.runtime ?? "");
  if (view.processIds.length) runs.append(el("span", { className: "detail", textContent: `pid ${view.processIds.join(", ")}` }));

  const actions = el("td");
  for (const command of view.commands) {
    const button = el("button", { type: "button", textContent: commandLabels[command] ?? command });
    button.dataset.command = command;
    button.addEventListener("click", () => runCommand(button, view.name, command));
    actions.append(button);
  }
  const details = el("button", { type: "button", textContent: expanded.has(view.name) ? "Hide details" : "Details" });
  details.dataset.command = "details";
  details.setAttribute("aria-expanded", String(expanded.has(view.name)));
  details.addEventListener("click", () => {
    if (!expanded.delete(view.name)) expanded.add(view.name);
    render(resources.get(view.name));
  });
  actions.append(details);
  const logs = el("button", { type: "button", textContent: "Logs" });
  logs.dataset.command = "logs";
  logs.addEventListener("click", () => { showLogs(view.name); $("logs-section").scrollIntoView({ behavior: "smooth" }); });
  actions.append(logs);

  const tr = el("tr", {},
    el("th", { scope: "row", textContent: view.name }),
    el("td", { textContent: view.type }),
    stateCell,
    el("td", { textContent: time(view.startTime) }),
    runs,
    urls,
    relations(view),
    actions);
  tr.dataset.resource = view.name;
  tr.dataset.state = view.state;
  return tr;
}

function quote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

// the process's command line and the variables the AppHost set for it (secrets arrive masked)
function detailsRow(view) {
  const cell = el("td", { colSpan: 8 });
  cell.append(el("h3", { textContent: "Command line" }));
  cell.append(el("pre", { className: "command-line", textContent: view.commandLine.length ? view.commandLine.map(quote).join(" ") : "(no process of its own)" }));
  cell.append(el("h3", { textContent: `Environment variables set by the AppHost (${view.environment.length})` }));
  const table = el("table", { className: "environment" });
  for (const variable of view.environment) {
    const value = el("td", { textContent: variable.value });
    if (variable.isSecret) value.append(el("span", { className: "detail", textContent: "contains a secret (masked)" }));
    table.append(el("tr", {}, el("th", { scope: "row", textContent: variable.name }), value));
  }
  cell.append(table);
  const tr = el("tr", { className: "details" }, cell);
  tr.dataset.detailsFor = view.name;
  return tr;
}

function render(view) {
  resources.set(view.name, view);
  const tbody = $("resources").tBodies[0];
  const existing = tbody.querySelector(`tr[data-resource="${CSS.escape(view.name)}"]`);
  const tr = row(view);
  if (existing) existing.replaceWith(tr);
  else tbody.append(tr);
  tbody.querySelector(`tr[data-details-for="${CSS.escape(view.name)}"]`)?.remove();
  if (expanded.has(view.name)) tr.after(detailsRow(view));
  const select = $("logs-resource");
  if (![...select.options].some(o => o.value === view.name)) select.append(el("option", { value: view.name, textContent: view.name }));
}

function watchResources() {
  const source = new EventSource("/api/resources/stream");
  source.addEventListener("resource", e => render(JSON.parse(e.data)));
  source.addEventListener("open", () => { $("connection").hidden = true; });
  source.addEventListener("error", () => {
    $("connection").hidden = false;
    // a new AppHost run has a new token: once it answers, a 401 here sends the browser to the login page
    api("/api/application").catch(() => {});
  });
}

function appendLogLine(line) {
  logLines.push(line);
  if (logLines.length > maxLogLines) logLines.shift();
  const filter = $("logs-filter").value;
  const text = line.text.replace(ansi, "");
  if (filter && !text.toLowerCase().includes(filter.toLowerCase())) return;
  const pre = $("logs");
  const span = el("span", { className: line.isError ? "err" : "" }, el("span", { className: "ts", textContent: `${time(line.timestamp)} ` }), `${text}\n`);
  pre.append(span);
  while (pre.childElementCount > maxLogLines) pre.firstElementChild.remove();
  if ($("logs-follow").checked) pre.scrollTop = pre.scrollHeight;
  $("logs-count").textContent = `${logLines.length} lines`;
}

function redrawLogs() {
  const lines = logLines;
  logLines = [];
  $("logs").replaceChildren();
  for (const line of lines) appendLogLine(line);
}

function showLogs(name) {
  if (!name) return;
  $("logs-resource").value = name;
  history.replaceState(null, "", `#logs/${encodeURIComponent(name)}`);
  logSource?.close();
  logLines = [];
  $("logs").replaceChildren();
  $("logs-count").textContent = "";
  $("logs").dataset.resource = name;
  logSource = new EventSource(`/api/resources/${encodeURIComponent(name)}/logs/stream`);
  logSource.addEventListener("log", e => appendLogLine(JSON.parse(e.data)));
  // after a reconnect the server replays the kept lines: start over rather than show them twice
  logSource.addEventListener("open", () => { logLines = []; $("logs").replaceChildren(); });
}

async function start() {
  const app = await api("/api/application");
  document.title = `${app.name} dashboard`;
  $("app-name").textContent = app.name;
  $("app-environment").textContent = app.environment;
  for (const view of await api("/api/resources")) render(view);
  watchResources();
  $("logs-resource").addEventListener("change", e => showLogs(e.target.value));
  $("logs-filter").addEventListener("input", redrawLogs);
  const linked = decodeURIComponent(location.hash.match(/^#logs\/(.+)$/)?.[1] ?? "");
  showLogs(resources.has(linked) ? linked : resources.keys().next().value);
}

start().catch(error => {
  $("command-error").textContent = `The dashboard could not load: ${error.message}`;
  $("command-error").hidden = false;
});
