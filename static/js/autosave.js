/* Autosave of assessment answers (htmx does the posting, see assessment_section.html).
 *
 * - The server answers a refused value with 422 and a message: htmx is told to show it.
 * - Every keystroke is also kept in localStorage until the server confirms the save, so a
 *   closed browser or an expired session loses nothing: on the next visit the draft is put
 *   back into the field and saved again.
 * - An expired session (the POST is redirected to the login page) is shown as such.
 * - Drafts are keyed by user, and logging out (static/js/logout.js) deletes them all, so a
 *   shared computer shows nobody's unsaved answers to the next person.
 */
(function () {
  "use strict";
  if (!window.htmx) { return; }
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "422", swap: true, error: false },
    { code: "[45]..", swap: false, error: true }
  ];

  var PREFIX = "filings-draft:";

  function keyFor(box) { return PREFIX + box.dataset.draftKey; }

  function snapshot(box) {
    var data = {};
    box.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (el) {
      data[el.name] = el.value;
    });
    return data;
  }

  function remember(box) {
    try { localStorage.setItem(keyFor(box), JSON.stringify(snapshot(box))); } catch (e) { /* full or disabled */ }
  }

  function forget(box) {
    try { localStorage.removeItem(keyFor(box)); } catch (e) { /* disabled */ }
  }

  // Put back drafts that never reached the server. Run once htmx has wired the page (its
  // own DOMContentLoaded handler was registered first, so it runs first).
  function restoreDrafts() {
    document.querySelectorAll(".answer-fields[hx-post]").forEach(function (box) {
      box.addEventListener("input", function () { remember(box); });
      box.addEventListener("change", function () { remember(box); });
      var stored = null;
      try { stored = JSON.parse(localStorage.getItem(keyFor(box)) || "null"); } catch (e) { stored = null; }
      if (!stored) { return; }
      var differs = false;
      Object.keys(stored).forEach(function (name) {
        var el = box.querySelector("[name='" + name + "']");
        if (el && el.value !== stored[name]) { el.value = stored[name]; differs = true; }
      });
      if (differs) {
        box.classList.add("draft-restored");
        htmx.trigger(box, "change");
      } else {
        forget(box);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreDrafts);
  } else {
    setTimeout(restoreDrafts, 0);
  }

  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    var xhr = evt.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      evt.detail.shouldSwap = false;
      var banner = document.getElementById("session-lost");
      if (banner) { banner.classList.remove("d-none"); }
    }
  });

  document.body.addEventListener("htmx:beforeRequest", function (evt) {
    var box = evt.detail.elt;
    if (box && box.classList && box.classList.contains("answer-fields")) {
      box.dataset.sent = JSON.stringify(snapshot(box));
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (evt) {
    var box = evt.detail.elt;
    var xhr = evt.detail.xhr;
    if (!box || !box.classList || !box.classList.contains("answer-fields")) { return; }
    var loggedOut = xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1;
    var unchanged = box.dataset.sent === JSON.stringify(snapshot(box));
    if (evt.detail.successful && xhr.status === 200 && !loggedOut && unchanged) {
      forget(box);
      box.classList.remove("draft-restored");
    }
  });
})();
