/* Sortable, filterable index tables (no dependencies, no network).
   A table wrapper marked data-pa-table has: an <input data-pa-text>, optional
   <select data-pa-filter="owners"> whose value must appear in the row's
   data-owners="|a|b|" attribute, and a table whose header buttons sort by each
   cell's data-sort (numbers compared as numbers; ISO dates compare as text, undated "~" last).
   Filters can be preset from the URL: ?plan=jfp-2023&timescale=short. */
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim().toLowerCase();
  }

  function compare(a, b) {
    var na = parseFloat(a), nb = parseFloat(b);
    if (!isNaN(na) && !isNaN(nb) && String(na) === a.replace(/^0+(?=\d)/, "") && String(nb) === b.replace(/^0+(?=\d)/, "")) {
      return na - nb;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function sortBy(table, th, index) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row._paIndex = i; });
    rows.sort(function (r1, r2) {
      var c = compare(cellKey(r1, index), cellKey(r2, index));
      return (ascending ? c : -c) || r1._paIndex - r2._paIndex;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function applyFilters(wrap) {
    var text = wrap.querySelector("[data-pa-text]");
    var words = text ? text.value.trim().toLowerCase().split(/\s+/).filter(Boolean) : [];
    var selects = Array.prototype.slice.call(wrap.querySelectorAll("select[data-pa-filter]"));
    var rows = wrap.querySelectorAll("tbody tr");
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var content = row.textContent.toLowerCase();
      var ok = words.every(function (w) { return content.indexOf(w) !== -1; });
      ok = ok && selects.every(function (s) {
        return !s.value || (row.getAttribute("data-" + s.getAttribute("data-pa-filter")) || "").indexOf("|" + s.value + "|") !== -1;
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var count = wrap.querySelector(".pa-count");
    if (count) { count.textContent = shown + " of " + rows.length + " shown"; }
  }

  function setup(wrap) {
    if (wrap.getAttribute("data-pa-ready")) { return; }
    wrap.setAttribute("data-pa-ready", "1");
    var table = wrap.querySelector("table");
    var form = wrap.querySelector("form");
    if (form) { form.addEventListener("submit", function (event) { event.preventDefault(); }); }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = th.querySelector("button");
      if (button) { button.addEventListener("click", function () { sortBy(table, th, index); }); }
    });
    Array.prototype.forEach.call(wrap.querySelectorAll("input[data-pa-text], select[data-pa-filter]"), function (el) {
      el.addEventListener("input", function () { applyFilters(wrap); });
      el.addEventListener("change", function () { applyFilters(wrap); });
    });
    // Links such as actions/?plan=jfp-2023&timescale=short open the list already filtered.
    var params = new URLSearchParams(window.location.search);
    var preset = false;
    Array.prototype.forEach.call(wrap.querySelectorAll("select[data-pa-filter]"), function (s) {
      var wanted = params.get(s.getAttribute("data-pa-filter"));
      if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) {
        s.value = wanted;
        preset = true;
      }
    });
    var q = params.get("q");
    var text = wrap.querySelector("[data-pa-text]");
    if (q && text) { text.value = q; preset = true; }
    if (preset) { applyFilters(wrap); }
  }

  function init() { Array.prototype.forEach.call(document.querySelectorAll("[data-pa-table]"), setup); }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
