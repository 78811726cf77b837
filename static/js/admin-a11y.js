/* Accessibility fixes for markup Django's admin and its widgets build (checked by axe-core in
   tests/browser/test_accessibility.py). The words come translated from data- attributes on
   this script's tag (templates/admin/base_site.html).
   - SelectFilter2 (filter_horizontal) puts aria-label on a plain <span> icon: give it role="img".
   - select2 (autocomplete_fields) adds a search box without a label: name it after its field.
   - Date and time boxes of a date-time field are labelled only by loose text: name each.
   - Tabular inlines and changelists with list_editable: an empty first column header gets hidden text, the empty last one (no
     "Delete?" column) becomes a plain cell, and each box in a row is named after its column.
   Widgets are built after page load and on demand, so a MutationObserver applies the fixes to
   whatever appears. */
(function () {
  "use strict";

  const words = document.currentScript.dataset;

  function labelOf(element) {
    const label = element && element.id ? document.querySelector(`label[for="${element.id}"]`) : null;
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function fieldName(element) {
    const row = element.closest(".form-row, .fieldBox, td, fieldset");
    const heading = row && row.querySelector("label, legend");
    return heading ? heading.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function fix(root) {
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach((input) => {
      const container = input.closest(".select2-container");
      const name = labelOf(container && container.previousElementSibling) || words.search;
      input.setAttribute("aria-label", name);
    });
    root.querySelectorAll("p.datetime").forEach((group) => {
      const [date, time] = group.querySelectorAll("input");
      const name = fieldName(group);
      if (date && !date.labels.length) { date.setAttribute("aria-label", `${name} — ${words.date}`); }
      if (time && !time.labels.length) { time.setAttribute("aria-label", `${name} — ${words.time}`); }
    });
    root.querySelectorAll(".tabular thead th").forEach((header) => {
      if (header.textContent.trim()) { return; }
      if (header.classList.contains("original")) {
        const text = document.createElement("span");
        text.className = "visually-hidden";
        text.textContent = words.record;
        header.append(text);
      } else {
        header.replaceWith(document.createElement("td"));
      }
    });
    root.querySelectorAll(".tabular tbody td, #result_list tbody td").forEach((cell) => {
      const table = cell.closest("table");
      const header = table && table.tHead ? table.tHead.rows[0].cells[cell.cellIndex] : null;
      const row = cell.closest("tr").querySelector("th");
      const column = header ? header.textContent.trim() : "";
      // A changelist's editable column: "Position — Not eligible" names the box and its row.
      const name = row && cell.closest("#result_list") ? `${column} — ${row.textContent.trim()}` : column;
      if (!name) { return; }
      cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((box) => {
        if (!box.labels.length && !box.hasAttribute("aria-label")) { box.setAttribute("aria-label", name); }
      });
    });
    root.querySelectorAll("#searchbar:not([aria-label])").forEach((input) => {
      input.setAttribute("aria-label", words.search);
    });
  }

  function start() {
    fix(document);
    new MutationObserver((records) => {
      records.forEach((record) => record.addedNodes.forEach((node) => {
        if (node.nodeType === Node.ELEMENT_NODE && node.parentNode) { fix(node.parentNode); }
      }));
    }).observe(document.body, {childList: true, subtree: true});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
