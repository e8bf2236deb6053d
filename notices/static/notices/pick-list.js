/* Narrows a long list of checkboxes (operators, services) to those whose label contains what
   is typed in the search box; checked boxes stay visible. No inline handlers: the CSP. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    var list = document.querySelector(box.getAttribute("data-filter"));
    if (!list) { return; }
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      list.querySelectorAll(".form-check").forEach(function (row) {
        var input = row.querySelector("input");
        var hit = !q || row.textContent.toLowerCase().indexOf(q) !== -1 || (input && input.checked);
        row.classList.toggle("d-none", !hit);
      });
    });
  });
})();
