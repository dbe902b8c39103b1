// The telemetry views: structured logs (live, over Server-Sent Events), traces (a list refreshed every 2 s, and a
// timeline of one trace's spans) and metrics (each instrument's latest value), from what the services export over
// OTLP to the AppHost. Every value is written with textContent.
"use strict";

(() => {
  const $ = id => document.getElementById(id);
  const maxRows = 2000;
  let logSource = null;
  let refresh = null;
  let tab = "structured";
  let selectedTrace = null;

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props);
    for (const child of children) node.append(child);
    return node;
  }

  async function get(path) {
    const response = await fetch(path);
    if (response.status === 401) { location.href = "/login"; throw new Error("signed out"); }
    const body = await response.json();
    if (!response.ok) throw new Error(body?.error ?? `${response.status}`);
    return body;
  }

  function query(extra) {
    const params = new URLSearchParams(extra);
    const resource = $("telemetry-resource").value;
    if (resource) params.set("resource", resource);
    return params.toString();
  }

  const clock = value => new Date(value).toLocaleTimeString(undefined,
    { hour12: false, hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3 });
  const ms = value => value < 1 ? `${(value * 1000).toFixed(0)} µs` : value < 1000 ? `${value.toFixed(1)} ms` : `${(value / 1000).toFixed(2)} s`;
  const levelClass = n => n >= 17 ? "bad" : n >= 13 ? "warn" : "idle";

  function addResourceOption(name) {
    const select = $("telemetry-resource");
    if (name && ![...select.options].some(o => o.value === name)) select.append(el("option", { value: name, textContent: name }));
  }

  // structured logs
  function logRow(log) {
    const message = el("td", { className: "message", textContent: log.message });
    const attributes = Object.entries(log.attributes).filter(([key]) => key !== "{OriginalFormat}");
    if (attributes.length || log.category) {
      message.append(el("span", { className: "detail", textContent: [log.category, ...attributes.map(([k, v]) => `${k}=${v}`)].filter(Boolean).join("  ") }));
    }
    const trace = el("td");
    if (log.traceId) {
      const link = el("button", { type: "button", textContent: log.traceId.slice(0, 8) });
      link.addEventListener("click", () => { selectTab("traces"); showTrace(log.traceId); });
      trace.append(link);
    }
    const tr = el("tr", {},
      el("td", { className: "nowrap", textContent: clock(log.time) }),
      el("td", { textContent: log.instance && log.instance !== log.resource ? `${log.resource} (${log.instance})` : log.resource }),
      el("td", {}, el("span", { className: `state ${levelClass(log.severityNumber)}`, textContent: log.severity })),
      message,
      trace);
    tr.dataset.sequence = log.sequence;
    return tr;
  }

  function watchStructuredLogs() {
    logSource?.close();
    const tbody = $("structured").tBodies[0];
    tbody.replaceChildren();
    const params = query({ level: $("structured-level").value, q: $("structured-filter").value });
    logSource = new EventSource(`/api/logs/stream?${params}`);
    logSource.addEventListener("open", () => tbody.replaceChildren());
    logSource.addEventListener("log", e => {
      const log = JSON.parse(e.data);
      addResourceOption(log.resource);
      $("telemetry-off").hidden = true;
      tbody.prepend(logRow(log));
      while (tbody.rows.length > maxRows) tbody.lastElementChild.remove();
      $("structured-count").textContent = `${tbody.rows.length} records`;
    });
  }

  // traces
  async function loadTraces() {
    const traces = await get(`/api/traces?${query({ limit: 200, q: $("traces-filter").value })}`);
    const tbody = $("traces").tBodies[0];
    tbody.replaceChildren(...traces.map(trace => {
      trace.resources.forEach(addResourceOption);
      const name = el("button", { type: "button", className: "link", textContent: trace.name });
      name.addEventListener("click", () => showTrace(trace.traceId));
      const tr = el("tr", {},
        el("td", { className: "nowrap", textContent: clock(trace.start) }),
        el("td", {}, name, trace.hasError ? el("span", { className: "state bad", textContent: " error" }) : ""),
        el("td", { textContent: trace.resources.join(", ") }),
        el("td", { textContent: trace.spans }),
        el("td", { className: "nowrap", textContent: ms(trace.durationMs) }));
      tr.dataset.traceId = trace.traceId;
      return tr;
    }));
    if (traces.length) $("telemetry-off").hidden = true;
    $("telemetry-status").textContent = `${traces.length} traces`;
  }

  async function showTrace(traceId) {
    selectedTrace = traceId;
    const trace = await get(`/api/traces/${encodeURIComponent(traceId)}`);
    $("trace-detail").hidden = false;
    $("trace-title").textContent = `Trace ${trace.traceId}: ${trace.spans.length} spans, ${ms(trace.durationMs)}`;
    const total = Math.max(trace.durationMs, 0.001);
    $("spans").tBodies[0].replaceChildren(...trace.spans.map(span => {
      const bar = el("span", { className: `bar ${span.status === "error" ? "bad" : ""}` });
      bar.style.marginLeft = `${(span.offsetMs / total) * 100}%`;
      bar.style.width = `${Math.max((span.durationMs / total) * 100, 0.5)}%`;
      const name = el("button", { type: "button", className: "link", textContent: `${span.kind} ${span.name}` });
      name.style.paddingLeft = `${span.depth * 1.2}rem`;
      name.addEventListener("click", () => {
        const lines = [`${span.name} (${span.kind}, ${span.scope}) ${span.status}${span.statusMessage ? `: ${span.statusMessage}` : ""}`,
          ...Object.entries(span.attributes).map(([k, v]) => `  ${k} = ${v}`),
          ...span.events.map(e => `  event at +${ms(e.offsetMs)}: ${e.name} ${Object.entries(e.attributes).map(([k, v]) => `${k}=${v}`).join(" ")}`),
          ...span.linkedTraceIds.map(id => `  linked to trace ${id}`)];
        $("span-attributes").textContent = lines.join("\n");
      });
      const tr = el("tr", {},
        el("td", {}, name),
        el("td", { textContent: span.resource }),
        el("td", { className: "timeline" }, bar),
        el("td", { className: "nowrap", textContent: ms(span.durationMs) }));
      tr.dataset.spanId = span.spanId;
      return tr;
    }));
    $("span-attributes").textContent = "";
    $("trace-detail").scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  // metrics
  async function loadMetrics() {
    const metrics = await get(`/api/metrics?${query({})}`);
    const unit = m => m.unit && m.unit !== "1" && !m.unit.startsWith("{") ? ` ${m.unit}` : "";
    $("metrics").tBodies[0].replaceChildren(...metrics.map(m => {
      addResourceOption(m.resource);
      const latest = m.type === "histogram"
        ? `${m.count} recorded${m.count ? `, mean ${(m.sum / m.count).toPrecision(4)}${unit(m)}` : ""}`
        : `${Number.isInteger(m.value) ? m.value : m.value?.toPrecision(6)}${unit(m)}`;
      const tr = el("tr", {},
        el("td", { textContent: m.resource }),
        el("td", { textContent: m.name }),
        el("td", { textContent: m.type }),
        el("td", { textContent: latest }),
        el("td", { textContent: m.series }),
        el("td", { className: "detail-cell", textContent: m.description }));
      tr.dataset.metric = m.name;
      return tr;
    }));
    if (metrics.length) $("telemetry-off").hidden = true;
    $("telemetry-status").textContent = `${metrics.length} instruments`;
  }

  function schedule(load) {
    clearInterval(refresh);
    const run = () => load().catch(error => { $("telemetry-status").textContent = error.message; });
    run();
    refresh = setInterval(run, 2000);
  }

  function selectTab(name) {
    tab = name;
    for (const t of ["structured", "traces", "metrics"]) {
      $(`tab-${t}`).setAttribute("aria-selected", String(t === name));
      $(`${t}-panel`).hidden = t !== name;
    }
    $("telemetry-status").textContent = "";
    if (name === "structured") { clearInterval(refresh); watchStructuredLogs(); }
    else { logSource?.close(); schedule(name === "traces" ? loadTraces : loadMetrics); }
  }

  async function start() {
    const application = await get("/api/application");
    $("telemetry-off").hidden = application.receivesTelemetry;
    for (const t of ["structured", "traces", "metrics"]) $(`tab-${t}`).addEventListener("click", () => selectTab(t));
    $("telemetry-resource").addEventListener("change", () => selectTab(tab));
    $("structured-level").addEventListener("change", watchStructuredLogs);
    let typing = null;
    $("structured-filter").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(watchStructuredLogs, 300); });
    $("traces-filter").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => loadTraces().catch(() => {}), 300); });
    selectTab("structured");
    if (selectedTrace) showTrace(selectedTrace);
  }

  start().catch(error => { $("telemetry-status").textContent = `Telemetry could not load: ${error.message}`; });
})();
