// Progress pages: the map of municipalities coloured by vision state, drawn from the CBS
// boundaries (GeoJSON, lon/lat) as SVG paths; no tiles, no external services. The table next to
// the map holds the data (state, label, link) so the page works without this file.
(function () {
  "use strict";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const WIDTH = 640;

  function polygons(geometry) {
    if (geometry.type === "Polygon") return [geometry.coordinates];
    if (geometry.type === "MultiPolygon") return geometry.coordinates;
    return [];
  }

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG_NS, name);
    Object.entries(attributes || {}).forEach(([key, value]) => element.setAttribute(key, value));
    return element;
  }

  function patterns() {
    // Not colour alone: "in preparation" is striped, "not started" dotted, "adopted" solid.
    const defs = svgElement("defs");
    const stripes = svgElement("pattern", {
      id: "progress-stripes", width: "6", height: "6", patternUnits: "userSpaceOnUse",
      patternTransform: "rotate(45)",
    });
    stripes.append(svgElement("rect", { width: "6", height: "6", fill: "#f3c254" }));
    stripes.append(svgElement("rect", { width: "2", height: "6", fill: "#8a5300" }));
    const dots = svgElement("pattern", { id: "progress-dots", width: "6", height: "6", patternUnits: "userSpaceOnUse" });
    dots.append(svgElement("rect", { width: "6", height: "6", fill: "#ececec" }));
    dots.append(svgElement("circle", { cx: "3", cy: "3", r: "1.1", fill: "#6b6b6b" }));
    defs.append(stripes, dots);
    return defs;
  }

  const FILLS = {
    adopted: "#1d6b3a",
    in_preparation: "url(#progress-stripes)",
    not_started: "url(#progress-dots)",
  };

  function project(features) {
    // Equirectangular around the middle latitude: at the scale of a province this is close
    // enough to what people know from maps of the Netherlands.
    let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
    features.forEach((feature) => polygons(feature.geometry).forEach((polygon) => polygon.forEach((ring) =>
      ring.forEach(([lon, lat]) => {
        minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
      }))));
    const kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    const scale = WIDTH / Math.max((maxLon - minLon) * kx, 1e-9);
    const height = Math.ceil((maxLat - minLat) * scale);
    const point = ([lon, lat]) =>
      `${((lon - minLon) * kx * scale).toFixed(1)},${((maxLat - lat) * scale).toFixed(1)}`;
    const path = (feature) => polygons(feature.geometry)
      .map((polygon) => polygon.map((ring) => `M${ring.map(point).join("L")}Z`).join(""))
      .join("");
    return { height, path };
  }

  async function drawMap(figure) {
    const status = figure.querySelector("[data-map-status]");
    const table = document.getElementById(figure.dataset.table);
    const rows = new Map();
    table.querySelectorAll("tr[data-code]").forEach((row) => rows.set(row.dataset.code, row));
    let data;
    try {
      const response = await fetch(figure.dataset.boundariesUrl, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      data = await response.json();
    } catch (error) {
      status.textContent = figure.dataset.errorText || "De kaart kon niet worden geladen; gebruik de tabel.";
      return;
    }
    const features = data.features.filter((feature) => rows.has(feature.properties.statcode));
    if (!features.length) {
      status.textContent = figure.dataset.emptyText || "Geen gemeenten om te tonen.";
      return;
    }
    const { height, path } = project(features);
    const caption = figure.querySelector("figcaption");
    const svg = svgElement("svg", {
      viewBox: `-4 -4 ${WIDTH + 8} ${height + 8}`,
      class: "progress-map__svg",
      role: "group",
      "aria-label": caption ? caption.textContent.trim() : "Kaart",
    });
    svg.append(patterns());
    features.forEach((feature) => {
      const row = rows.get(feature.properties.statcode);
      const state = row.dataset.state;
      const link = svgElement("a", { href: row.dataset.url, "aria-label": row.dataset.label });
      const area = svgElement("path", {
        d: path(feature),
        fill: FILLS[state] || FILLS.not_started,
        class: `progress-area progress-area--${state}`,
        "data-code": feature.properties.statcode,
        "fill-rule": "evenodd",
      });
      const title = svgElement("title");
      title.textContent = row.dataset.label;
      area.append(title);
      link.append(area);
      svg.append(link);
    });
    status.replaceWith(svg);
  }

  // Inline progress sections: after htmx swapped a section in, put the keyboard where the person
  // continues: the first field with an error, else the first field of a form, else the status line,
  // else (after "Annuleren") the section's own edit link.
  // htmx:load fires on the new element itself (an outerHTML swap detaches the old target).
  document.addEventListener("htmx:load", (event) => {
    const root = event.detail.elt;
    if (!root || !root.classList || !root.classList.contains("progress-section")) return;
    const target = root.querySelector("[aria-invalid=true]")
      || root.querySelector("form input:not([type=hidden]), form select, form textarea")
      || root.querySelector("[data-focus-after-swap]")
      || root.querySelector("a.utrecht-button-link");
    if (target) {
      if (!target.matches("input, select, textarea")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });

  function init() {
    document.querySelectorAll("[data-progress-map]").forEach(drawMap);
    document.querySelectorAll("[data-print]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => window.print());
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
