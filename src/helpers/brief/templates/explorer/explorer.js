// The explorer's script (helpers.brief.explorer): three DataTables (events, actors, claims) over
// the page's JSON data, with SearchPanes as facets, a date range, and a detail panel that shows a
// clicked row's source sentences with the quoted words highlighted. Every text of the data
// reaches the page escaped (esc) or through textContent, never as markup.
const $ = window.$; // jQuery, as the itables bundle (the module before this one) exposes it
const DataTable = $.fn.dataTable;
DataTable.ext.errMode = "throw"; // a DataTables problem is an error in the console, not an alert

const data = JSON.parse(document.getElementById("explorer-data").textContent);
const range = { from: "", to: "" };

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// A cell: escaped for display and for the facets, as given for search and sort.
function text(value, type) {
  return type === "display" || type === "sp" ? esc(value) : (value ?? "");
}
function list(value, type) {
  if (type === "sp") return value.map(esc);
  const joined = value.join(", ");
  return type === "display" ? esc(joined) : joined;
}
function dated(value, type, row) {
  if (type === "sort" || type === "type") return row.from || "9999-12-31";
  return text(value, type);
}
function count(value, type) {
  if (type === "sort" || type === "type") return value ?? -1;
  return value === null || value === undefined ? "" : String(value);
}

// A machine fact's confidence as a percentage; an analyst's fact (null) has none and sorts last.
function likely(value, type) {
  if (type === "sort" || type === "type") return value ?? 2;
  return value === null || value === undefined ? "" : `${Math.round(value * 100)}%`;
}
const percent = (value) => `${Math.round(value * 100)}%`;
function reviewFields(row) {
  const review = row.review === "needs review"
    ? `needs review: less likely right than ${percent(data.review_below)}, so the brief leaves it out of the bottom line and key facts and lists it under "Needs review"`
    : row.review;
  return [
    ["Likely right", row.confidence === null ? "no machine confidence (an analyst's fact)" : percent(row.confidence)],
    ["Why that confidence", row.basis],
    ["Review", review],
  ];
}

// A row is shown when its days [from, to] meet the range; undated rows only without a range.
function inRange(row) {
  if (!range.from && !range.to) return true;
  if (!row.from && !row.to) return false;
  return (!range.to || row.from <= range.to) && (!range.from || row.to >= range.from);
}
DataTable.ext.search.push((settings, searchData, index, row) =>
  row.from === undefined ? true : inRange(row),
);

const facet = (columns) => ({ searchPanes: { show: true, orthogonal: "sp" }, targets: columns });
const noFacet = (columns) => ({ searchPanes: { show: false }, targets: columns });

const TABLES = {
  events: {
    columns: [
      { data: "date", title: "Date", render: dated, className: "dt-left" },
      { data: "kind", title: "Kind", render: text },
      { data: "summary", title: "Event", render: text },
      { data: "actors", title: "Actors", render: list },
      { data: "place", title: "Place", render: text },
      { data: "status", title: "Status", render: text },
      { data: "killed", title: "Killed", render: count, className: "dt-right" },
      { data: "sources", title: "Sources", render: list },
      { data: "confidence", title: "Likely right", render: likely, className: "dt-right" },
      { data: "review", title: "Review", render: text },
      { data: "id", title: "Id", render: text, className: "id", visible: false },
    ],
    facets: [1, 3, 4, 5, 7, 9],
    label: (row) => row.summary,
    fields: (row) => [
      ["Date", row.date], ["Kind", row.kind], ["Actors", row.actors.join(", ")],
      ["Place", row.place], ["Status", row.status],
      ["Killed", row.killed ?? "no number given"],
      ["In the brief's timeline", row.in_brief ? "yes" : "no (outside its window)"],
      ...reviewFields(row),
      ["Id", row.id],
    ],
  },
  actors: {
    columns: [
      { data: "name", title: "Name", render: text },
      { data: "kind", title: "Kind", render: text },
      { data: "country", title: "Country", render: text },
      { data: "aliases", title: "Also called", render: list },
      { data: "sources", title: "Sources", render: list },
      { data: "id", title: "Id", render: text, className: "id", visible: false },
    ],
    facets: [1, 2, 4],
    label: (row) => row.name,
    fields: (row) => [
      ["Kind", row.kind], ["Country", row.country], ["Also called", row.aliases.join(", ")],
      ["Id", row.id],
    ],
  },
  claims: {
    columns: [
      { data: "date", title: "Date", render: dated, className: "dt-left" },
      { data: "speaker", title: "Speaker", render: text },
      { data: "verb", title: "Verb", render: text },
      { data: "content", title: "Claim", render: text },
      { data: "about", title: "About", render: list },
      { data: "sources", title: "Sources", render: list },
      { data: "confidence", title: "Likely right", render: likely, className: "dt-right" },
      { data: "review", title: "Review", render: text },
      { data: "id", title: "Id", render: text, className: "id", visible: false },
    ],
    facets: [1, 2, 5, 7],
    label: (row) => `${row.speaker} ${row.verb} ${row.content}`,
    fields: (row) => [
      ["Date", row.date], ["Speaker", row.speaker], ["About", row.about.join(", ")],
      ...reviewFields(row),
      ["Id", row.id],
    ],
  },
};

function element(tag, content, className) {
  const node = document.createElement(tag);
  if (content !== undefined) node.textContent = String(content);
  if (className) node.className = className;
  return node;
}

// The detail panel: the row's fields, then each span's sentence with the quote in <mark>.
function showDetail(name, row) {
  const spec = TABLES[name];
  const panel = document.getElementById("detail");
  panel.replaceChildren();
  panel.append(element("h2", spec.label(row)));
  const fields = element("dl", undefined, "fields");
  for (const [key, value] of spec.fields(row)) {
    fields.append(element("dt", key), element("dd", value === "" ? "—" : value));
  }
  panel.append(fields);
  panel.append(element("h3", row.spans.length === 1 ? "Source" : `Sources (${row.spans.length})`));
  for (const [doc, start, end, before, quote, after] of row.spans) {
    const source = data.documents[doc] || { label: doc, title: "" };
    const item = element("figure", undefined, "source");
    const sentence = element("blockquote", undefined, "sentence");
    sentence.append(document.createTextNode(before), element("mark", quote), document.createTextNode(after));
    const caption = element("figcaption");
    caption.append(element("strong", source.label), document.createTextNode(` — ${source.title} `),
      element("span", `(${doc}, characters ${start}–${end})`, "where"));
    item.append(sentence, caption);
    panel.append(item);
  }
  panel.dataset.shows = `${name}:${row.id}`;
}

const tables = {};
for (const [name, spec] of Object.entries(TABLES)) {
  const table = new DataTable(`#${name}`, {
    data: data[name],
    columns: spec.columns,
    columnDefs: [facet(spec.facets), noFacet(spec.columns.map((c, i) => i).filter((i) => !spec.facets.includes(i)))],
    rowId: (row) => `${name}-${row.id}`,
    createdRow: (tr, row) => {
      tr.setAttribute("tabindex", "0"); // Tab to a row, Enter to read it
      if (row.review === "needs review") tr.classList.add("needs-review");
    },
    deferRender: true,
    pageLength: 25,
    lengthMenu: [10, 25, 100, 500],
    order: [[0, "asc"]],
    autoWidth: false,
    searchPanes: { cascadePanes: false, viewTotal: false, initCollapsed: false, layout: `columns-${spec.facets.length}` },
    layout: { top1: "searchPanes", topStart: "pageLength", topEnd: "search", bottomStart: "info", bottomEnd: "paging" },
    language: { search: "Search:", searchPanes: { title: "Filters: %d", emptyPanes: "No facets" } },
  });
  $(`#${name} tbody`).on("click keydown", "tr", function (event) {
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
    if (event.type === "keydown") event.preventDefault();
    const row = table.row(this).data();
    if (!row) return;
    $(`#${name} tbody tr.selected`).removeClass("selected");
    $(this).addClass("selected");
    showDetail(name, row);
  });
  tables[name] = table;
}

function showPane(name) {
  for (const tab of document.querySelectorAll(".tab")) {
    const on = tab.dataset.pane === name;
    tab.setAttribute("aria-selected", on ? "true" : "false");
    document.getElementById(`pane-${tab.dataset.pane}`).hidden = !on;
  }
  tables[name].columns.adjust();
  tables[name].searchPanes.resizePanes();
}
for (const tab of document.querySelectorAll(".tab")) {
  tab.addEventListener("click", () => showPane(tab.dataset.pane));
}

function applyRange() {
  range.from = document.getElementById("date-from").value;
  range.to = document.getElementById("date-to").value;
  document.getElementById("date-note").textContent =
    range.from || range.to ? "undated events and claims are hidden while dates are set" : "";
  for (const table of Object.values(tables)) table.draw();
}
for (const id of ["date-from", "date-to"]) {
  document.getElementById(id).addEventListener("change", applyRange);
}
document.getElementById("date-clear").addEventListener("click", () => {
  document.getElementById("date-from").value = "";
  document.getElementById("date-to").value = "";
  applyRange();
});
const days = [...data.events, ...data.claims].flatMap((r) => [r.from, r.to]).filter(Boolean).sort();
for (const id of ["date-from", "date-to"]) {
  if (days.length) {
    document.getElementById(id).min = days[0];
    document.getElementById(id).max = days[days.length - 1];
  }
}
document.body.dataset.ready = "true"; // the tests wait for this
