/*
 * Autosave for the application form, and one-click submit buttons. No framework.
 *
 * A form with data-autosave-url is posted there (FormData, with its CSRF token) 1.5 s after
 * the last keystroke, and once more when the tab is hidden or closed (sendBeacon, else fetch
 * with keepalive), so a closed tab loses at most a few seconds of work. The element named by
 * data-autosave-status (an aria-live region) says "Saved at HH:MM" or that it is retrying.
 *
 * Co-admins editing at once: the form carries the version it shows ("version") and that
 * version's values ("base", JSON); the server writes only the fields whose value differs from
 * the base. Every answer gives the saved version and values: fields nobody touched here take the
 * other admin's value, so the page follows the merged draft. A 409 with "conflicts" means another
 * admin changed a field this page changed too: nothing was saved, autosave pauses and the
 * #edit-conflicts alert lists both values with "keep mine" / "take theirs"; once every field is
 * settled the draft is saved again. The server renders the same alert after a plain form POST.
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
    this.paused = false;
    this.retryMs = 0;
    this.conflictBox = document.getElementById("edit-conflicts");
    this.conflictList = document.getElementById("edit-conflict-list");

    var self = this;
    if (this.conflictBox) {
      this.conflictBox.addEventListener("click", function (event) {
        var button = event.target.closest("[data-conflict-choice]");
        if (button) { self.settle(button); }
      });
      // A conflict the server rendered after a form POST waits for the same choices.
      if (this.conflictList && this.conflictList.children.length) { this.paused = true; }
    }
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

  function same(a, b) {
    return String(a == null ? "" : a).replace(/\r\n?/g, "\n").trim() ===
      String(b == null ? "" : b).replace(/\r\n?/g, "\n").trim();
  }

  Autosave.prototype.base = function () {
    var input = this.form.elements.namedItem("base");
    try { return input && input.value ? JSON.parse(input.value) : {}; } catch (e) { return {}; }
  };

  // The values of the fields the base lists, as typed now.
  Autosave.prototype.snapshot = function () {
    var values = {};
    var base = this.base();
    for (var name in base) {
      var field = this.form.elements.namedItem(name);
      if (field && !field.disabled) { values[name] = field.value; }
    }
    return values;
  };

  // The server saved `values` as `version`: that is the new base. A field not changed here
  // (neither before nor since the request) shows the saved value, another admin's included.
  Autosave.prototype.rebase = function (version, values, sent) {
    var base = this.base();
    for (var name in values) {
      var field = this.form.elements.namedItem(name);
      if (field && !field.disabled && sent && name in sent && same(field.value, sent[name]) &&
          same(sent[name], base[name]) && !same(field.value, values[name])) {
        field.value = values[name];
      }
      base[name] = values[name];
    }
    this.form.elements.namedItem("version").value = version;
    this.form.elements.namedItem("base").value = JSON.stringify(base);
  };

  Autosave.prototype.showConflicts = function (conflicts) {
    var template = document.getElementById("edit-conflict-template");
    if (!this.conflictBox || !this.conflictList || !template) { return; }
    while (this.conflictList.firstChild) { this.conflictList.removeChild(this.conflictList.firstChild); }
    var self = this;
    conflicts.forEach(function (conflict) {
      var item = template.content.firstElementChild.cloneNode(true);
      var field = self.form.elements.namedItem(conflict.field);
      item.setAttribute("data-conflict-field", conflict.field);
      var label = item.querySelector(".conflict-label");
      label.textContent = conflict.label;
      label.setAttribute("href", "#" + (field && field.id ? field.id : "id_" + conflict.field));
      item.querySelector(".conflict-mine").textContent = conflict.mine;
      item.querySelector(".conflict-theirs").textContent = conflict.theirs;
      self.conflictList.appendChild(item);
    });
    this.conflictBox.classList.remove("d-none");
    this.conflictBox.focus();
  };

  // "Keep mine" leaves the field as typed (the base is theirs now, so it is saved over theirs by
  // choice); "take theirs" puts their value in the field. The last choice resumes autosave.
  Autosave.prototype.settle = function (button) {
    var item = button.closest("[data-conflict-field]");
    if (!item) { return; }
    if (button.getAttribute("data-conflict-choice") === "theirs") {
      var field = this.form.elements.namedItem(item.getAttribute("data-conflict-field"));
      if (field) { field.value = item.querySelector(".conflict-theirs").textContent; }
    }
    item.parentNode.removeChild(item);
    if (!this.conflictList.children.length) {
      this.conflictBox.classList.add("d-none");
      this.paused = false;
      this.schedule(0);
    }
  };

  Autosave.prototype.schedule = function (delay) {
    this.dirty = true;
    if (this.stopped || this.paused) { return; }
    window.clearTimeout(this.timer);
    var self = this;
    this.timer = window.setTimeout(function () { self.save(); }, delay);
  };

  Autosave.prototype.save = function () {
    if (!this.dirty || this.stopped || this.paused || this.leaving) { return; }
    if (this.inFlight) { this.again = true; return; }
    var self = this;
    var sent = this.snapshot();
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
          self.rebase(data.version, data.values, sent);
          self.say(data.message);
        } else if (response.status === 409 && data.conflict) {
          self.retryMs = 0;
          self.rebase(data.version, data.values, sent);
          self.paused = true;
          self.showConflicts(data.conflicts);
          self.say(data.error);
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
    // While a conflict waits for a choice nothing is sent: leaving is not choosing.
    if (!this.dirty || this.stopped || this.paused || this.leaving) { return; }
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
