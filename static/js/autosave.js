/*
 * Autosave for the application form, and one-click submit buttons. No framework.
 *
 * A form with data-autosave-url is posted there (FormData, with its CSRF token) 1.5 s after
 * the last keystroke, and once more when the tab is hidden or closed (sendBeacon, else fetch
 * with keepalive), so a closed tab loses at most a few seconds of work. The element named by
 * data-autosave-status (an aria-live region) says "Saved at HH:MM" or that it is retrying.
 *
 * A form with data-submit-once, or a button with data-submit-once, has its buttons disabled
 * after the first submit; the server stays the guard against replays.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 1500;
  var MAX_RETRY_MS = 30000;

  function Autosave(form) {
    this.form = form;
    this.url = form.getAttribute("data-autosave-url");
    this.status = document.getElementById(form.getAttribute("data-autosave-status"));
    this.timer = null;
    this.dirty = false;
    this.inFlight = false;
    this.again = false;
    this.stopped = false;
    this.leaving = false;
    this.retryMs = 0;

    var self = this;
    form.addEventListener("input", function () { self.schedule(DEBOUNCE_MS); });
    form.addEventListener("change", function () { self.schedule(DEBOUNCE_MS); });
    // The form's own submit carries the same data: no save racing it on the way out.
    form.addEventListener("submit", function () {
      self.leaving = true;
      window.clearTimeout(self.timer);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { self.flush(); }
    });
    window.addEventListener("pagehide", function () { self.flush(); });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { self.leaving = false; }
    });
  }

  Autosave.prototype.say = function (text) {
    if (this.status && text) { this.status.textContent = text; }
  };

  Autosave.prototype.message = function (name) {
    return this.status ? this.status.getAttribute("data-" + name) : "";
  };

  Autosave.prototype.csrfToken = function () {
    var input = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  Autosave.prototype.schedule = function (delay) {
    this.dirty = true;
    if (this.stopped) { return; }
    window.clearTimeout(this.timer);
    var self = this;
    this.timer = window.setTimeout(function () { self.save(); }, delay);
  };

  Autosave.prototype.save = function () {
    if (!this.dirty || this.stopped || this.leaving) { return; }
    if (this.inFlight) { this.again = true; return; }
    var self = this;
    this.dirty = false;
    this.inFlight = true;
    this.say(this.message("saving"));
    window.fetch(this.url, {
      method: "POST",
      body: new FormData(this.form),
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "X-Requested-With": "XMLHttpRequest",
        "X-CSRFToken": this.csrfToken()
      }
    }).then(function (response) {
      if (response.redirected) {
        // The session ended: the login page answered. Retrying would not help.
        self.stopped = true;
        self.say(self.message("logged-out") || self.message("retrying"));
        return null;
      }
      return response.json().then(function (data) {
        if (response.ok && data.saved) {
          self.retryMs = 0;
          document.dispatchEvent(new CustomEvent("session:activity"));  // session-timeout.js
          self.say(data.message);
        } else if (response.status === 409 || response.status === 413) {
          // Refused for good (no longer a draft, or larger than the server accepts): retrying
          // would send the same thing again.
          self.stopped = true;
          self.say(data.error);
        } else {
          throw new Error("autosave refused: " + response.status);
        }
      });
    }).catch(function () {
      self.retryMs = Math.min(Math.max(self.retryMs * 2, 2000), MAX_RETRY_MS);
      self.say(navigator.onLine === false ? self.message("offline") : self.message("retrying"));
      self.schedule(self.retryMs);
    }).then(function () {
      self.inFlight = false;
      if (self.again) {
        self.again = false;
        self.schedule(0);
      }
    });
  };

  // Last chance on the way out: the page may be gone before a normal fetch answers.
  Autosave.prototype.flush = function () {
    if (!this.dirty || this.stopped || this.leaving) { return; }
    window.clearTimeout(this.timer);
    this.dirty = false;
    var data = new FormData(this.form);
    var queued = false;
    if (navigator.sendBeacon) {
      try { queued = navigator.sendBeacon(this.url, data); } catch (e) { queued = false; }
    }
    if (!queued) {
      window.fetch(this.url, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
        .catch(function () { /* nothing more can be done while the page unloads */ });
    }
  };

  function submitOnce(form) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var wholeForm = form.hasAttribute("data-submit-once");
      if (!wholeForm && !(submitter && submitter.hasAttribute("data-submit-once"))) { return; }
      // Disable after this tick so the submitting button still sends the form.
      window.setTimeout(function () {
        Array.prototype.forEach.call(form.elements, function (element) {
          if (element.type === "submit") {
            element.disabled = true;
            element.setAttribute("aria-disabled", "true");
          }
        });
      }, 0);
    });
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) { return; }
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.type === "submit") {
          element.disabled = false;
          element.removeAttribute("aria-disabled");
        }
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave-url]"), function (form) {
      new Autosave(form);
    });
    Array.prototype.forEach.call(document.querySelectorAll("form"), submitOnce);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
