// "My data": while the copy is being built, ask its status every 2 seconds, move the progress
// bar, and reload the page once it is ready (or failed). No inline script: the CSP forbids it.
(function () {
  "use strict";
  var box = document.getElementById("data-export");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector(".progress");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        if (status.finished) { window.location.reload(); return; }
        if (bar) {
          bar.style.width = status.percent + "%";
          bar.textContent = status.percent + "%";
          meter.setAttribute("aria-valuenow", status.percent);
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
