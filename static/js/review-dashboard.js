// The dashboard's charts. Data comes from json_script elements (no inline script: CSP).
// Without Chart.js (or JavaScript) the tables under each chart carry the same figures.
(function () {
  "use strict";
  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var data = read("chart-data");
  var labels = read("chart-labels") || {};
  if (!data || typeof window.Chart === "undefined") {
    return;
  }
  var weekly = document.getElementById("chart-weekly");
  if (weekly) {
    new window.Chart(weekly, {
      type: "bar",
      data: {
        labels: data.weeks.map(function (w) { return w.week; }),
        datasets: [
          { label: labels.received || "Received", data: data.weeks.map(function (w) { return w.received; }) },
          { label: labels.decided || "Decided", data: data.weeks.map(function (w) { return w.decided; }) }
        ]
      },
      options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var backlog = document.getElementById("chart-backlog");
  if (backlog) {
    new window.Chart(backlog, {
      type: "bar",
      data: {
        labels: data.backlog.map(function (b) { return b.label; }),
        datasets: [{ label: labels.waiting || "Waiting", data: data.backlog.map(function (b) { return b.count; }) }]
      },
      options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
})();
