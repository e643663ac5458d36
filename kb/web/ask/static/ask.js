// Draws each answer's chart from the JSON the page carries (no inline script): the
// current answer's at once, an earlier turn's when its details are opened (a chart
// drawn while hidden would have no size).
(function () {
  "use strict";
  function draw(canvas) {
    var data = document.getElementById(canvas.getAttribute("data-chart"));
    if (!data || typeof Chart === "undefined" || canvas.getAttribute("data-ready")) return;
    var spec = JSON.parse(data.textContent);
    var chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          title: { display: true, text: spec.title },
          legend: { display: spec.datasets.length > 1 }
        },
        scales: { y: { beginAtZero: true, title: { display: true, text: "万元" } } }
      }
    });
    if (canvas.id === "answer-chart") window.askChart = chart;
    canvas.setAttribute("data-ready", "true");
  }
  function start() {
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var turn = canvas.closest("details");
      if (!turn) {
        draw(canvas);
        return;
      }
      turn.addEventListener("toggle", function () {
        if (turn.open) draw(canvas);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
