/*
 * Warn before the idle sign-out (leadership.middleware.IdleSessionMiddleware) so nothing typed
 * is lost. #session-timeout carries the limits in data- attributes (no inline script: CSP).
 *
 * The countdown starts at page load and restarts on any request this page makes to the server
 * that the server counts as activity: "Stay signed in" (a POST to the keep-alive endpoint) and
 * each autosave (autosave.js dispatches "session:activity"). Past the limit the warning says
 * the session ended, so the person copies their text before leaving.
 */
(function () {
  "use strict";

  var box = document.getElementById("session-timeout");
  if (!box) { return; }
  var idleMs = parseInt(box.getAttribute("data-idle-seconds"), 10) * 1000;
  var warnMs = parseInt(box.getAttribute("data-warn-seconds"), 10) * 1000;
  if (!(idleMs > 0)) { return; }
  var form = box.querySelector("form[data-session-keepalive]");
  var warning = box.querySelector("[data-session-warning]");
  var expired = box.querySelector("[data-session-expired]");
  var warnTimer = null;
  var endTimer = null;

  function restart() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    box.hidden = true;
    warnTimer = window.setTimeout(function () { box.hidden = false; }, Math.max(idleMs - warnMs, 0));
    endTimer = window.setTimeout(function () {
      warning.hidden = true;
      form.hidden = true;
      expired.hidden = false;
      box.hidden = false;
    }, idleMs);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      if (response.ok && !response.redirected) { restart(); }
    }).catch(function () { /* offline: the warning stays, the person can try again */ });
  });

  document.addEventListener("session:activity", restart);
  restart();
})();
