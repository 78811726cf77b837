// Tell the server the visitor's time zone so deadlines show in local time before log-in, and
// preselect it in a time-zone list marked data-browser-zone (the sign-up form).
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) { return; /* old browser: UTC it is */ }
  if (!zone) { return; }
  if (document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
    document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  }
  var fill = function () {
    var selects = document.querySelectorAll("select[data-browser-zone]");
    for (var i = 0; i < selects.length; i++) {
      var option = selects[i].querySelector('option[value="' + zone.replace(/"/g, "") + '"]');
      if (option) { selects[i].value = zone; }
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
