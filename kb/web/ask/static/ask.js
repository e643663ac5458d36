// Draws the answer's chart from the JSON the page carries (no inline script).
(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("chart-data");
    var canvas = document.getElementById("answer-chart");
    if (!data || !canvas || typeof Chart === "undefined") return;
    var spec = JSON.parse(data.textContent);
    window.askChart = new Chart(canvas, {
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
    canvas.setAttribute("data-ready", "true");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
