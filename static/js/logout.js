/* Logging out deletes the answers the autosave kept in this browser's storage (keys
 * "filings-draft:…", see autosave.js): on a shared computer the next person must not find
 * them. Drafts survive an expired session (no logout happens) so that a re-login restores
 * them; an explicit logout is the user saying they are done here. */
(function () {
  "use strict";
  var form = document.getElementById("logout-form");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf("filings-draft:") === 0) { localStorage.removeItem(key); }
      }
    } catch (e) { /* storage disabled: nothing was kept */ }
  });
})();
