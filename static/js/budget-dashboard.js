/* Budget dashboard charts: data from the app's JSON endpoint, drawn with the vendored Chart.js. */
(function () {
  "use strict";
  var script = document.getElementById("budget-dashboard-script");
  if (!script || typeof Chart === "undefined") { return; }
  var labelsNode = document.getElementById("budget-chart-labels");
  var labels = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  var palette = ["#1c4e80", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#6c757d", "#8e44ad", "#264653"];
  var money = function (v) { return Number(v); };

  function bar(id, names, datasets, stacked) {
    var el = document.getElementById(id);
    if (!el) { return; }
    new Chart(el, {
      type: "bar",
      data: { labels: names, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: !!stacked }, y: { stacked: !!stacked, beginAtZero: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function doughnut(id, rows) {
    var el = document.getElementById(id);
    if (!el) { return; }
    new Chart(el, {
      type: "doughnut",
      data: {
        labels: rows.map(function (r) { return r.name; }),
        datasets: [{ data: rows.map(function (r) { return money(r.amount); }), backgroundColor: palette }]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "right" } } }
    });
  }

  fetch(script.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var names = data.programs.map(function (p) { return p.name; });
      bar("chart-money", names, [
        { label: labels.disbursed, data: data.programs.map(function (p) { return money(p.disbursed); }), backgroundColor: palette[1] },
        { label: labels.awarded, data: data.programs.map(function (p) { return money(p.to_disburse); }), backgroundColor: palette[0] },
        { label: labels.remaining, data: data.programs.map(function (p) { return money(p.remaining); }), backgroundColor: "#ced4da" }
      ], true);
      bar("chart-slots", names, [
        { label: labels.used, data: data.programs.map(function (p) { return p.live_awards; }), backgroundColor: palette[0] },
        { label: labels.left, data: data.programs.map(function (p) { return p.slots_left; }), backgroundColor: "#ced4da" }
      ], true);
      doughnut("chart-country", data.countries.slice(0, 8));
      bar("chart-focus", data.focus_areas.map(function (r) { return r.name; }), [
        { label: labels.amount, data: data.focus_areas.map(function (r) { return money(r.amount); }), backgroundColor: palette[0] }
      ], false);
    })
    .catch(function () { /* the tables carry the same figures */ });
})();
