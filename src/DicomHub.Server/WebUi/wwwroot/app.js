// DicomHub's web UI: a thin page over the archive's own DICOMweb API (QIDO-RS, STOW-RS, the series thumbnail,
// DELETE and export), so the browser goes through exactly the doors every other client uses.
"use strict";

const state = { base: "/dicomweb", viewerStudyUrl: null, study: null, viewer: { series: null, instances: [], index: 0 } };
const $ = (selector) => document.querySelector(selector);

// DICOM JSON (PS3.18 F.2): the first value of a tag, a Person Name's alphabetic group, or "".
function first(dataset, tag) {
  const value = dataset?.[tag]?.Value?.[0];
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? (value.Alphabetic ?? "") : String(value);
}

function all(dataset, tag) {
  return (dataset?.[tag]?.Value ?? []).join(", ");
}

function formatDate(da) {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : da;
}

function setStatus(element, text, isError = false) {
  element.textContent = text;
  element.classList.toggle("error", isError);
}

// The server answers errors with problem details (RFC 9457); show their detail, which names cause and fix.
async function describeFailure(response) {
  try {
    const problem = await response.json();
    return `${response.status} ${problem.title ?? ""}: ${problem.detail ?? ""}`.trim();
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

async function search(event) {
  event?.preventDefault();
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($("#search"))) {
    if (value.trim() !== "") params.set(key, value.trim());
  }
  params.set("includefield", "00081030");
  params.set("limit", "200");
  setStatus($("#status"), "Searching…");
  const response = await fetch(`${state.base}/studies?${params}`, { headers: { Accept: "application/dicom+json" } });
  if (!response.ok && response.status !== 204) {
    setStatus($("#status"), await describeFailure(response), true);
    return;
  }
  const studies = response.status === 204 ? [] : await response.json();
  const body = $("#studies tbody");
  body.replaceChildren();
  for (const study of studies) {
    const row = document.createElement("tr");
    cell(row, first(study, "00100010"));
    cell(row, first(study, "00100020"));
    cell(row, formatDate(first(study, "00080020")));
    cell(row, all(study, "00080061"));
    cell(row, first(study, "00081030"));
    cell(row, first(study, "00080050"));
    cell(row, first(study, "00201206"));
    cell(row, first(study, "00201208"));
    const open = document.createElement("button");
    open.type = "button";
    open.textContent = "Open";
    open.addEventListener("click", () => openStudy(first(study, "0020000D"), first(study, "00100010")));
    const actions = cell(row, "");
    actions.className = "row-actions";
    actions.appendChild(open);
    // OHIF, served by the archive at /viewer/ on the same origin, for diagnostic viewing of the whole study.
    if (state.viewerStudyUrl) {
      const view = document.createElement("a");
      view.className = "button";
      view.textContent = "OHIF";
      view.title = "Open this study in the OHIF viewer";
      view.href = `${state.viewerStudyUrl}?StudyInstanceUIDs=${encodeURIComponent(first(study, "0020000D"))}`;
      actions.appendChild(view);
    }
    body.appendChild(row);
  }
  setStatus($("#status"), `${studies.length} ${studies.length === 1 ? "study" : "studies"}`);
}

async function openStudy(uid, patient) {
  state.study = uid;
  $("#study").hidden = false;
  $("#study-title").textContent = `Study of ${patient || "(no name)"}`;
  $("#study-uid").textContent = uid;
  setStatus($("#study-status"), "");
  const cards = $("#series");
  cards.replaceChildren();
  const response = await fetch(`${state.base}/studies/${encodeURIComponent(uid)}/series`, { headers: { Accept: "application/dicom+json" } });
  if (!response.ok) {
    setStatus($("#study-status"), await describeFailure(response), true);
    return;
  }
  for (const series of await response.json()) {
    const seriesUid = first(series, "0020000E");
    const card = document.createElement("figure");
    card.className = "card";
    card.dataset.series = seriesUid;
    const image = document.createElement("img");
    image.alt = `Series ${first(series, "00200011")}`;
    image.loading = "lazy";
    image.src = `${state.base}/studies/${encodeURIComponent(uid)}/series/${encodeURIComponent(seriesUid)}/thumbnail`;
    const caption = document.createElement("figcaption");
    caption.textContent = `${first(series, "00080060")} #${first(series, "00200011")} ${first(series, "0008103E")} (${first(series, "00201209")} images)`;
    image.title = "View this series";
    image.addEventListener("click", () => openSeries(uid, seriesUid, caption.textContent));
    card.append(image, caption);
    cards.appendChild(card);
  }
  $("#viewer").hidden = true;
  $("#study").scrollIntoView({ behavior: "smooth" });
}

// The viewer: the series' instances in Instance Number order (QIDO-RS), each shown through /rendered.
async function openSeries(study, series, title) {
  const url = `${state.base}/studies/${encodeURIComponent(study)}/series/${encodeURIComponent(series)}/instances`;
  const response = await fetch(url, { headers: { Accept: "application/dicom+json" } });
  if (!response.ok) {
    setStatus($("#study-status"), await describeFailure(response), true);
    return;
  }
  const instances = (await response.json())
    .map((i) => ({ uid: first(i, "00080018"), number: Number.parseInt(first(i, "00200013"), 10) }))
    .sort((a, b) => (Number.isNaN(a.number) ? 0 : a.number) - (Number.isNaN(b.number) ? 0 : b.number));
  state.viewer = { study, series, instances, index: 0 };
  $("#viewer-title").textContent = title;
  $("#position").max = String(Math.max(1, instances.length));
  $("#viewer").hidden = false;
  show(0);
  $("#viewer").scrollIntoView({ behavior: "smooth" });
}

function show(index) {
  const { study, series, instances } = state.viewer;
  if (instances.length === 0) return;
  state.viewer.index = Math.min(Math.max(index, 0), instances.length - 1);
  const instance = instances[state.viewer.index];
  $("#frame").src = `${state.base}/studies/${encodeURIComponent(study)}/series/${encodeURIComponent(series)}/instances/${encodeURIComponent(instance.uid)}/rendered`;
  $("#frame").dataset.instance = instance.uid;
  $("#position").value = String(state.viewer.index + 1);
  $("#position-label").textContent = `${state.viewer.index + 1} / ${instances.length}`;
}

async function exportStudy() {
  const to = $("#destination").value;
  if (!state.study || !to) return;
  const response = await fetch(`${state.base}/studies/${encodeURIComponent(state.study)}/export?to=${encodeURIComponent(to)}`, { method: "POST" });
  if (response.status !== 202) {
    setStatus($("#study-status"), await describeFailure(response), true);
    return;
  }
  const job = await response.json();
  setStatus($("#study-status"), `Export ${job.id} queued for ${job.destination}: ${job.instances} instances (progress: ${job.statusUrl}).`);
}

async function deleteStudy() {
  if (!state.study || !confirm(`Delete study ${state.study} and all its instances from this archive?`)) return;
  const response = await fetch(`${state.base}/studies/${encodeURIComponent(state.study)}`, { method: "DELETE" });
  if (!response.ok) {
    setStatus($("#study-status"), await describeFailure(response), true);
    return;
  }
  $("#study").hidden = true;
  $("#viewer").hidden = true;
  state.study = null;
  await search();
}

// STOW-RS from the browser: one multipart/related request, every chosen file a part (PS3.18 10.5).
async function upload(event) {
  event.preventDefault();
  const files = [...$("#files").files];
  if (files.length === 0) {
    setStatus($("#upload-status"), "Choose DICOM files first.", true);
    return;
  }
  const boundary = `dicomhub-${crypto.randomUUID()}`;
  const parts = [];
  for (const file of files) {
    parts.push(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, file, "\r\n");
  }
  parts.push(`--${boundary}--\r\n`);
  setStatus($("#upload-status"), `Storing ${files.length} files…`);
  const response = await fetch(`${state.base}/studies`, {
    method: "POST",
    headers: { "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: "application/dicom+json" },
    body: new Blob(parts),
  });
  let result = {};
  try { result = await response.json(); } catch { /* a failure without a STOW response body */ }
  const stored = result["00081199"]?.Value?.length ?? 0;
  const failed = result["00081198"]?.Value ?? [];
  const reasons = failed.map((item) => `${first(item, "00081155")}: ${first(item, "00081197")}`).join("; ");
  setStatus($("#upload-status"), `${stored} stored, ${failed.length} failed${reasons ? ` (${reasons})` : ""} — HTTP ${response.status}`, !response.ok);
  await search();
}

async function loadConfiguration() {
  const config = await (await fetch("config.json")).json();
  state.base = config.dicomWebBasePath;
  state.viewerStudyUrl = config.viewerStudyUrl;
  const select = $("#destination");
  for (const destination of config.destinations) {
    const option = document.createElement("option");
    option.value = destination.name;
    option.textContent = `${destination.name} (${destination.address})`;
    select.appendChild(option);
  }
  $("#export").disabled = config.destinations.length === 0;
  const health = await fetch("/healthz");
  $("#health").textContent = health.ok ? "archive ready" : "archive not ready";
}

$("#search").addEventListener("submit", search);
$("#upload").addEventListener("submit", upload);
$("#export").addEventListener("click", exportStudy);
$("#delete").addEventListener("click", deleteStudy);
$("#previous").addEventListener("click", () => show(state.viewer.index - 1));
$("#next").addEventListener("click", () => show(state.viewer.index + 1));
$("#position").addEventListener("input", (event) => show(Number(event.target.value) - 1));
document.addEventListener("keydown", (event) => {
  // Form fields keep their own keys (a focused slider already moves with the arrows).
  if ($("#viewer").hidden || event.target.closest("input, select, textarea")) return;
  if (event.key === "ArrowLeft" || event.key === "ArrowUp") show(state.viewer.index - 1);
  if (event.key === "ArrowRight" || event.key === "ArrowDown") show(state.viewer.index + 1);
});
loadConfiguration().then(() => search());
