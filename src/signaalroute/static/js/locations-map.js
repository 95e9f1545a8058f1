/* The map of risk locations (Leaflet). A file of its own: the content security policy allows no
   inline script. The points come from a JSON data block (json_script), the tile URL and its
   attribution from data attributes; without a tile URL the markers show on a plain background.
   Without JavaScript (or Leaflet) the fallback text stays and the list below holds everything. */
(function () {
  "use strict";

  function start() {
    var element = document.getElementById("locatie-kaart");
    var data = document.getElementById("locatie-punten");
    if (!element || !data || typeof window.L === "undefined") {
      return;
    }
    var points = JSON.parse(data.textContent || "[]");
    var L = window.L;
    element.textContent = "";
    var map = L.map(element, { scrollWheelZoom: false });
    map.attributionControl.setPrefix("Leaflet");
    var tiles = element.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: element.getAttribute("data-attribution") || "",
      }).addTo(map);
    }
    var overdueLabel = element.getAttribute("data-overdue-label") || "";
    var bounds = [];
    points.forEach(function (point) {
      var title = point.name + " (" + point.type + ")" + (point.overdue ? ", " + overdueLabel : "");
      var marker = L.marker([point.lat, point.lon], { title: title, alt: title, keyboard: true });
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      var box = document.createElement("div");
      box.appendChild(link);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(point.type + (point.overdue ? " — " + overdueLabel : "")));
      marker.bindPopup(box);
      marker.addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
    } else {
      map.setView([52.1, 5.3], 7); // the Netherlands
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
