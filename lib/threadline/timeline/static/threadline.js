/* threadline pages: draw the figures from the page's JSON and filter them, offline.
 *
 * The page holds its data in <script type="application/json" id="tl-data"> (read with
 * JSON.parse, never as HTML). Each row is one (lane, real event) of the timeline; a filter
 * keeps the rows that pass every control, then the timeline, the map and the event table
 * show exactly those. Text from documents only ever reaches the page through textContent
 * (the table is rendered by Python, escaped) and plotly (labels escaped by Python).
 * The timeline is drawn first; the map and the counts chart are drawn as soon as they come
 * near the window (at once when they already are), so a long page is ready sooner.
 * MIT licence, part of threadline.
 */
(function () {
  "use strict";
  var DAY = 86400000, PAD_MIN = 14 * DAY;

  function $(id) { return document.getElementById(id); }
  function val(id) { var el = $(id); return el ? el.value.trim() : ""; }
  function lower(s) { return (s || "").toLowerCase(); }

  var data = JSON.parse($("tl-data").textContent);
  Object.keys(data.figures).forEach(function (k) {
    data.figures[k].layout.template = data.template;  // one copy per page, shared
  });
  var rows = data.rows, n = rows.id.length;
  var state = {lane: null, view: null};
  var keyOf = {};       // event id + lane -> row index (a timeline point)
  var rowsOfEvent = {}; // event id -> row indices (a map point)
  for (var i = 0; i < n; i++) {
    keyOf[rows.id[i] + "\u0001" + rows.lane[i]] = i;
    (rowsOfEvent[rows.id[i]] = rowsOfEvent[rows.id[i]] || []).push(i);
  }
  var search = new Array(n), order = [];
  for (var j = 0; j < n; j++) { search[j] = lower(rows.se[j] + " " + rows.ti[j]); order.push(j); }
  var WEB = /^https?:\/\/\S+$/i;
  /* Markers other than the timeline's bars get their hover text from their event's bar. */
  (function shareHover() {
    var tl = data.figures.timeline, byKey = {}, byId = {};
    if (!tl) return;
    tl.data.forEach(function (t) {
      if (t.type !== "bar") return;
      t.customdata.forEach(function (c, p) {
        byKey[c[1] + "\u0001" + t.y[p]] = c[0];
        byId[c[1]] = c[0];
      });
    });
    tl.data.forEach(function (t) {
      if (t.type === "bar" || !t.customdata) return;
      t.customdata.forEach(function (c, p) {
        if (c[0] === null) c[0] = byKey[c[1] + "\u0001" + t.y[p]];
      });
    });
    if (data.figures.map) data.figures.map.data.forEach(function (t) {
      (t.customdata || []).forEach(function (c) { if (c[0] === null) c[0] = byId[c[1]] || ""; });
    });
  })();

  function passes(i, f) {
    if (f.key && !rows.k[i]) return false;
    if (state.lane !== null && rows.lane[i] !== state.lane) return false;
    if (f.from && rows.de[i] < f.from) return false;
    if (f.to && rows.ds[i] > f.to) return false;
    if (f.type && rows.ty[i] !== f.type) return false;
    if (f.actor && lower(rows.ac[i]).indexOf(f.actor) < 0) return false;
    if (f.place && lower(rows.pl[i]).indexOf(f.place) < 0) return false;
    if (f.thread && lower(rows.th[i]).indexOf(f.thread) < 0) return false;
    if (f.text && (search[i] || "").indexOf(f.text) < 0) return false;
    return true;
  }

  function filters() {
    var mode = document.querySelector("input[name=tl-mode]:checked");
    return {key: !!(mode && mode.value === "key"), from: val("tl-from"), to: val("tl-to"),
            type: val("tl-type"), actor: lower(val("tl-actor")), place: lower(val("tl-place")),
            thread: lower(val("tl-thread")), text: lower(val("tl-text"))};
  }

  /* A copy of `trace` keeping the points whose index passes `keep` (every per-point array). */
  function subset(trace, keep) {
    var m = (trace.customdata || []).length, idx = [], out = {};
    for (var p = 0; p < m; p++) if (keep(trace, p)) idx.push(p);
    function pick(obj) {
      var res = {};
      Object.keys(obj).forEach(function (k) {
        var v = obj[k];
        if (Array.isArray(v) && v.length === m) res[k] = idx.map(function (q) { return v[q]; });
        else if (v && typeof v === "object" && !Array.isArray(v)) res[k] = pick(v);
        else res[k] = v;
      });
      return res;
    }
    out = pick(trace);
    return idx.length ? out : null;
  }

  function timelineKeep(visible) {
    return function (t, p) { return visible[keyOf[t.customdata[p][1] + "\u0001" + t.y[p]]]; };
  }

  function mapKeep(visible, view) {
    return function (t, p) {
      return (rowsOfEvent[t.customdata[p][1]] || []).some(function (i) {
        return visible[i] && (!view || (rows.de[i] >= view[0] && rows.ds[i] <= view[1]));
      });
    };
  }

  function padded(lo, hi) {
    var a = Date.parse(lo), b = Date.parse(hi) + DAY, pad = Math.max((b - a) * 0.04, PAD_MIN);
    return [new Date(a - pad).toISOString().slice(0, 10), new Date(b + pad).toISOString()
            .slice(0, 10)];
  }

  function drawTimeline(visible) {
    var fig = data.figures.timeline, div = $("tl-timeline");
    if (!fig || !div) return;
    var keep = timelineKeep(visible), traces = [], lanes = {}, lo = null, hi = null;
    fig.data.forEach(function (t) {
      var s = subset(t, keep);
      if (!s) return;
      traces.push(s);
      s.y.forEach(function (y) { lanes[y] = true; });
    });
    for (var i = 0; i < n; i++) if (visible[i]) {
      if (lo === null || rows.ds[i] < lo) lo = rows.ds[i];
      if (hi === null || rows.de[i] > hi) hi = rows.de[i];
    }
    var layout = JSON.parse(JSON.stringify(fig.layout));
    var order = (layout.meta.lane_labels || []).filter(function (l) { return lanes[l]; });
    var shown = Math.min(order.length, layout.meta.max_lanes || 25) || 1;
    layout.yaxis.categoryarray = order;
    layout.yaxis.range = [shown - 0.5, -0.5];
    if (lo !== null) layout.xaxis.range = padded(lo, hi);
    if (layout.updatemenus && layout.updatemenus.length) {
      layout.updatemenus[0].active = state.lane === null ? 0
        : (layout.meta.lane_labels || []).indexOf(state.lane) + 1;
    }
    div._tlDrawing = true;
    return Plotly.react(div, traces, layout, data.config).then(function () {
      div._tlDrawing = false;
      div.dataset.marks = String(traces.reduce(function (a, t) {
        return a + (t.type === "bar" ? t.customdata.length : 0); }, 0));
    });
  }

  /* Figures drawn once near the window (the timeline always is): name -> true when on. */
  var lazyOn = {map: false, counts: false};

  function near(div) {
    return div.getBoundingClientRect().top < 1.25 * (window.innerHeight || 1000);
  }

  function drawCounts() {
    var fig = data.figures.counts, div = $("tl-counts");
    if (!fig || !div || !lazyOn.counts) return;
    return Plotly.newPlot(div, fig.data, fig.layout, data.config);
  }

  function drawMap(visible) {
    var fig = data.figures.map, div = $("tl-map");
    if (!fig || !div || !lazyOn.map || !visible) return;
    var traces = [], keep = mapKeep(visible, state.view), count = 0;
    fig.data.forEach(function (t) {
      var s = subset(t, keep);
      if (s) { traces.push(s); count += s.customdata.length; }
    });
    var layout = JSON.parse(JSON.stringify(fig.layout));
    return Plotly.react(div, traces, layout, data.config).then(function () {
      div.dataset.marks = String(count);
    });
  }

  /* One table row, built from text: document text only ever goes in through textContent. */
  function tableRow(i, fields) {
    var tr = document.createElement("tr");
    tr.dataset.row = String(i);
    fields.forEach(function (f) {
      var td = document.createElement("td"), text = String(rows[f][i] === null ? ""
        : rows[f][i]);
      if (f === "ti" && rows.u[i] && WEB.test(rows.u[i])) {
        var a = document.createElement("a");
        a.setAttribute("href", rows.u[i]);
        a.setAttribute("rel", "noopener noreferrer");
        a.textContent = text;
        td.appendChild(a);
      } else {
        td.textContent = text;
      }
      if (f === "n") td.className = "num";
      if (f === "se") td.className = "sentence";
      tr.appendChild(td);
    });
    return tr;
  }

  function drawTable(visible) {
    var body = $("tl-rows"), table = $("tl-table");
    if (!body) return 0;
    var limit = +(table.dataset.limit || 250), fields = [], shown = 0;
    table.querySelectorAll("th[data-field]").forEach(function (th) {
      fields.push(th.dataset.field); });
    var frag = document.createDocumentFragment();
    for (var o = 0; o < order.length && shown < limit; o++) {
      if (visible[order[o]]) { frag.appendChild(tableRow(order[o], fields)); shown++; }
    }
    body.textContent = "";
    body.appendChild(frag);
    return shown;
  }

  var lastVisible = null;

  function render() {
    var f = filters(), visible = new Array(n), count = 0;
    for (var i = 0; i < n; i++) { visible[i] = passes(i, f); if (visible[i]) count++; }
    lastVisible = visible;
    var shownRows = drawTable(visible);
    var status = $("tl-status");
    if (status) {
      status.textContent = count + " of " + n + " events shown" +
        (f.key ? " (key dates; choose \u201call events\u201d for the rest)" : "") +
        (shownRows < count ? "; the table lists the first " + shownRows + " (sort or filter " +
         "to see others)" : "");
    }
    document.body.dataset.shown = String(count);
    document.body.dataset.tableRows = String(shownRows);
    return Promise.all([drawTimeline(visible), drawMap(visible)]);
  }

  function sortTable(th) {
    var key = th.dataset.sort, dir = th.dataset.dir === "asc" ? -1 : 1;
    order.sort(function (a, b) {
      var x = rows[key][a], y = rows[key][b];
      var c = key === "n" ? (+x) - (+y) : String(x || "").localeCompare(String(y || ""));
      return dir * c || a - b;
    });
    Array.prototype.forEach.call(th.parentNode.children, function (h) {
      delete h.dataset.dir; h.removeAttribute("aria-sort"); });
    th.dataset.dir = dir === 1 ? "asc" : "desc";
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    if (lastVisible) drawTable(lastVisible);
  }

  function wire() {
    var panel = $("tl-filters");
    if (panel) {
      panel.addEventListener("input", function () { render(); });
      panel.addEventListener("change", function () { render(); });
      panel.addEventListener("submit", function (e) { e.preventDefault(); render(); });
      var reset = $("tl-reset");
      if (reset) reset.addEventListener("click", function () {
        panel.reset(); state.lane = null; state.view = null; render(); });
    }
    document.querySelectorAll("#tl-table th[data-sort]").forEach(function (th) {
      th.addEventListener("click", function () { sortTable(th); });
    });
    var tl = $("tl-timeline");
    if (tl) {
      tl.on("plotly_buttonclicked", function (ev) {
        var k = ev.active, labels = data.figures.timeline.layout.meta.lane_labels || [];
        state.lane = k > 0 ? labels[k - 1] : null;
        render();
      });
      tl.on("plotly_relayout", function (ev) {
        if (tl._tlDrawing) return;
        var a = ev["xaxis.range[0]"], b = ev["xaxis.range[1]"];
        if (ev["xaxis.range"]) { a = ev["xaxis.range"][0]; b = ev["xaxis.range"][1]; }
        if (ev["xaxis.autorange"]) state.view = null;
        else if (a && b) state.view = [String(a).slice(0, 10), String(b).slice(0, 10)];
        else return;
        var f = filters(), visible = [];
        for (var i = 0; i < n; i++) visible.push(passes(i, f));
        drawMap(visible);
      });
    }
  }

  function fromHash() {
    var m = /(?:^#|&)thread=([^&]*)/.exec(location.hash);
    var box = $("tl-thread");
    if (m && box) box.value = decodeURIComponent(m[1]);
  }

  var drawers = {map: function () { return drawMap(lastVisible); }, counts: drawCounts};

  /* Draw now the lazy figures near the window; the others when they come near it. */
  function lazyFigures() {
    var now = [], watch = [];
    Object.keys(drawers).forEach(function (name) {
      var div = $("tl-" + name);
      if (!div || !data.figures[name]) return;
      if (near(div) || !window.IntersectionObserver) {
        lazyOn[name] = true;
        now.push(drawers[name]());
      } else {
        watch.push([name, div]);
      }
    });
    watch.forEach(function (w) {
      var seen = new IntersectionObserver(function (entries) {
        if (!entries.some(function (e) { return e.isIntersecting; })) return;
        seen.disconnect();
        lazyOn[w[0]] = true;
        drawers[w[0]]();
      }, {rootMargin: "400px 0px"});
      seen.observe(w[1]);
    });
    return Promise.all(now);
  }

  function start() {
    fromHash();
    render().then(lazyFigures).then(function () {
      wire();
      window.addEventListener("hashchange", function () { fromHash(); render(); });
      document.body.dataset.ready = "1";
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
