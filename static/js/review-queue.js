// The queue's "select all" box for bulk assignment (no inline handlers: CSP).
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) {
    return;
  }
  all.addEventListener("change", function () {
    document.querySelectorAll("input.row-select").forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
