// The ranking's "select every application on this page" box ticks or clears each row's box.
(function () {
  var all = document.getElementById("pick-all");
  if (!all) { return; }
  var rows = function () { return document.querySelectorAll("#ranking input[name='applications']"); };
  all.hidden = false;
  all.addEventListener("change", function () {
    rows().forEach(function (box) { box.checked = all.checked; });
  });
  document.getElementById("ranking").addEventListener("change", function (event) {
    if (event.target.name !== "applications") { return; }
    var boxes = Array.prototype.slice.call(rows());
    all.checked = boxes.length > 0 && boxes.every(function (box) { return box.checked; });
  });
})();
