(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = {}, edges = {}, ins = {}, outs = {};
  data.nodes.forEach(function (n) { nodes[n.id] = n; ins[n.id] = []; outs[n.id] = []; });
  data.edges.forEach(function (e) {
    e.key = e.source + "|" + e.target;
    edges[e.key] = e;
    if (outs[e.source]) { outs[e.source].push(e); }
    if (ins[e.target]) { ins[e.target].push(e); }
  });
  var svg = document.querySelector("#graph svg");
  var drawnNode = {}, drawnEdge = {};
  Array.prototype.forEach.call(svg.querySelectorAll("[data-node]"), function (x) { drawnNode[x.getAttribute("data-node")] = x; });
  Array.prototype.forEach.call(svg.querySelectorAll("[data-edge]"), function (x) { drawnEdge[x.getAttribute("data-edge")] = x; });
  var panel = document.getElementById("details"), body = document.getElementById("details-body");
  var title = document.getElementById("details-title");
  var list = document.getElementById("doc-list"), search = document.getElementById("search");
  var minShare = document.getElementById("min-share"), hideAlone = document.getElementById("hide-alone");
  var items = {}, selected = null;
  var state = {kinds: {}, share: 0, alone: true, query: ""};

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }
  function pct(v) { return typeof v === "number" ? Math.round(100 * v) + "%" : "?"; }
  function num(v) { return typeof v === "number" ? v.toFixed(2) : "?"; }
  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", key));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }
  function link(text, attr, key) {
    var b = el("button", text, "link");
    b.setAttribute(attr, key);
    return b;
  }
  function address(url) {
    if (!/^https?:\/\//i.test(url || "")) { return url; }
    var a = el("a", url);
    a.href = url;
    a.rel = "noopener noreferrer nofollow";
    a.referrerPolicy = "no-referrer";
    return a;
  }
  function severity(s) { return s >= 0.7 ? "sev3" : s >= 0.45 ? "sev2" : "sev1"; }

  // --- filters: edge kinds, minimum share, documents without reuse, search ---
  var kindBox = document.getElementById("kinds"), perKind = {};
  data.edges.forEach(function (e) { perKind[e.kind] = (perKind[e.kind] || 0) + 1; });
  Object.keys(data.kinds).concat(Object.keys(perKind).filter(function (k) { return !(k in data.kinds); }))
    .forEach(function (k) {
      state.kinds[k] = true;
      var label = el("label"), box = el("input"), sw = el("span", null, "sw");
      box.type = "checkbox";
      box.checked = true;
      box.value = k;
      box.setAttribute("data-kind", k);
      sw.style.setProperty("--c", data.kinds[k] || "#7f8c8d");
      label.appendChild(box);
      label.appendChild(sw);
      label.appendChild(document.createTextNode(k));
      label.appendChild(el("span", perKind[k] || 0, "n"));
      kindBox.appendChild(label);
    });

  function matches(n, q) {
    return !q || n.id.toLowerCase().indexOf(q) >= 0 || String(n.label || "").toLowerCase().indexOf(q) >= 0;
  }

  function apply() {
    var shown = {}, edgesOn = 0, docsOn = 0, hits = 0;
    data.edges.forEach(function (e) {
      var on = state.kinds[e.kind] !== false && (e.share || 0) >= state.share - 1e-9;
      e.on = on;
      var x = drawnEdge[e.key];
      if (x) { x.classList.toggle("off", !on); }
      if (on) {
        edgesOn += 1;
        shown[e.source] = (shown[e.source] || 0) + 1;
        shown[e.target] = (shown[e.target] || 0) + 1;
      }
    });
    data.nodes.forEach(function (n) {
      var visible = !state.alone || !!shown[n.id], hit = visible && matches(n, state.query);
      var x = drawnNode[n.id];
      if (x) {
        x.classList.toggle("off", state.alone && !shown[n.id]);
        x.classList.toggle("hit", !!state.query && hit);
      }
      items[n.id].hidden = !hit;
      if (visible) { docsOn += 1; }
      if (hit) { hits += 1; }
    });
    svg.classList.toggle("searching", !!state.query);
    document.getElementById("showing").textContent = "showing " + edgesOn + " of " + data.edges.length + " edges, "
      + docsOn + " of " + data.nodes.length + " documents" + (state.query ? "; " + hits + (hits === 1 ? " document matches" : " documents match") + " \u201c" + state.query + "\u201d" : "");
  }

  kindBox.addEventListener("change", function (ev) {
    var k = ev.target.getAttribute("data-kind");
    if (k !== null) { state.kinds[k] = ev.target.checked; apply(); }
  });
  minShare.addEventListener("input", function () {
    state.share = (+minShare.value) / 100;
    document.getElementById("min-share-value").textContent = minShare.value + "%";
    apply();
  });
  hideAlone.addEventListener("change", function () { state.alone = hideAlone.checked; apply(); });
  var pending = null;
  search.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { state.query = search.value.trim().toLowerCase(); apply(); }, 120);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") { return; }
    clearTimeout(pending);
    state.query = search.value.trim().toLowerCase();
    apply();
    var first = list.querySelector("li:not([hidden])");
    if (first) { go("node", first.getAttribute("data-id")); }
  });

  // --- the list of documents: most reuse first ---
  var order = data.nodes.slice().sort(function (a, b) { return b.edges - a.edges || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
  var frag = document.createDocumentFragment();
  order.forEach(function (n) {
    var li = el("li");
    li.setAttribute("data-id", n.id);
    li.appendChild(el("span", n.edges ? n.edges + " edge" + (n.edges === 1 ? "" : "s") : "", "deg"));
    li.appendChild(link(n.id, "data-goto-node", n.id));
    if (n.label && n.label !== n.id) { li.appendChild(el("span", n.label, "t")); }
    items[n.id] = li;
    frag.appendChild(li);
  });
  list.appendChild(frag);

  // --- the side panel ---
  function highlight(main, related) {
    svg.querySelectorAll(".sel, .on").forEach(function (x) { x.classList.remove("sel", "on"); });
    svg.classList.toggle("focus", !!main);
    if (!main) { return; }
    main.classList.add("sel", "on");
    related.forEach(function (x) { if (x) { x.classList.add("on"); } });
  }
  function open(heading) {
    body.textContent = "";
    title.textContent = "";
    heading.forEach(function (h) { title.appendChild(typeof h === "string" ? document.createTextNode(h) : h); });
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function select(id) {
    if (selected && items[selected]) { items[selected].classList.remove("sel"); }
    selected = id;
    if (id && items[id]) { items[id].classList.add("sel"); }
  }
  function close() { panel.hidden = true; highlight(null, []); select(null); }

  function parts(box, list_) {
    (list_ || []).forEach(function (p) {
      if (p[1] === 0) { box.appendChild(document.createTextNode(p[0])); } else { box.appendChild(el("mark", p[0], p[1] === 2 ? "only" : "chg")); }
    });
  }
  function joined(list_) { return (list_ || []).map(function (p) { return p[0]; }).join(""); }
  function sides(e, item, plain) {
    var pair = el("div", null, "pair");
    var both = [["source", e.source, item.source_parts, item.source_span], ["target", e.target, item.target_parts, item.target_span]];
    var present = both.filter(function (s) { return joined(s[2]); });
    if (present.length === 1) { pair.classList.add("one"); }
    present.forEach(function (s) {
      var col = el("div");
      var other = s[0] === "source" ? "target" : "source";
      col.appendChild(el("h4", s[0] + ": " + s[1] + (s[3] ? " [" + s[3][0] + "\u2013" + s[3][1] + "]" : "")
        + (present.length === 1 ? " \u2014 nothing in the " + other : "")));
      if (plain) { col.appendChild(document.createTextNode(joined(s[2]))); } else { parts(col, s[2]); }
      pair.appendChild(col);
    });
    return pair;
  }

  function showEdge(key) {
    var e = edges[key];
    if (!e) { return; }
    open([link(e.source, "data-goto-node", e.source), " \u2192 ", link(e.target, "data-goto-node", e.target)]);
    highlight(drawnEdge[key], [drawnNode[e.source], drawnNode[e.target]]);
    select(null);
    var dl = el("dl");
    row(dl, "kind", e.kind);
    row(dl, "share", pct(e.share) + " of the target derives from the source");
    row(dl, "score", e.score);
    row(dl, "similarity", e.similarity);
    row(dl, "direction", e.direction === "undetermined" ? "undetermined (the arrow's way is arbitrary)"
      : "by " + e.direction + (e.confidence !== undefined ? ", confidence " + e.confidence : ""));
    if (e.contamination) {
      row(dl, "contamination", "the target also holds material from the source that the intermediate copy lacks");
    }
    [["source", e.source], ["target", e.target]].forEach(function (s) {
      var n = nodes[s[1]] || {};
      row(dl, s[0] + " url", address(n.url));
      row(dl, s[0] + " source", n.source);
    });
    body.appendChild(dl);
    body.appendChild(el("h3", "Evidence"));
    var ul = el("ul");
    (e.evidence || []).forEach(function (s) { ul.appendChild(el("li", s)); });
    if (!ul.children.length) { ul.appendChild(el("li", "none recorded")); }
    body.appendChild(ul);
    var findings = (e.findings || []).slice().sort(function (a, b) { return (b.severity || 0) - (a.severity || 0); });
    body.appendChild(el("h3", "Findings (" + findings.length + ")"));
    if (findings.length) {
      body.appendChild(el("p", "What the target changed from the source, most severe first; in the excerpts, "
        + "words that differ are marked yellow, words only on one side red.", "legend-marks"));
      var ol = el("ol", null, "findings");
      findings.forEach(function (f) {
        var li = el("li", null, "finding " + severity(f.severity));
        var head = el("div", null, "fhead");
        head.appendChild(el("span", f.kind, "fkind"));
        head.appendChild(el("span", "severity " + num(f.severity), "fsev"));
        li.appendChild(head);
        li.appendChild(el("p", f.explanation, "fexp"));
        li.appendChild(sides(e, f));
        ol.appendChild(li);
      });
      body.appendChild(ol);
    } else { body.appendChild(el("p", "none")); }
    var passages = e.passages || [];
    body.appendChild(el("h3", "Aligned passages (" + passages.length + ")"));
    passages.forEach(function (p, i) {
      var box = el("section", null, "passage");
      var summary = p.label === "summary", plain = summary || p.marked === false;
      box.appendChild(el("div", "#" + (i + 1) + " " + p.label + " \u00b7 score " + p.score
        + (summary ? " \u00b7 one text condenses the other: words not marked"
          : plain ? " \u00b7 too long to mark the words that differ" : ""), "meta"));
      box.appendChild(sides(e, p, plain));
      body.appendChild(box);
    });
  }

  function edgeList(edgeItems, other) {
    var ul = el("ul");
    edgeItems.forEach(function (e) {
      var li = el("li");
      li.appendChild(link(e[other], "data-goto-edge", e.key));
      var how = " \u2014 " + e.kind + " " + pct(e.share) + ", " + (e.findings || []).length + " finding(s)"
        + (e.direction === "undetermined" ? ", direction undetermined" : "");
      li.appendChild(document.createTextNode(how));
      ul.appendChild(li);
    });
    if (!edgeItems.length) { ul.appendChild(el("li", "none")); }
    return ul;
  }

  function showNode(id) {
    var n = nodes[id];
    if (!n) { return; }
    open([id]);
    var related = [];
    ins[id].concat(outs[id]).forEach(function (e) {
      related.push(drawnEdge[e.key], drawnNode[e.source === id ? e.target : e.source]);
    });
    highlight(drawnNode[id] || null, related);
    select(id);
    var dl = el("dl");
    row(dl, "title", n.label !== n.id ? n.label : "");
    row(dl, "date", n.date);
    row(dl, "source", n.source);
    row(dl, "url", address(n.url));
    row(dl, "path", n.path);
    row(dl, "characters", n.chars);
    row(dl, "paragraphs", n.paragraphs);
    var twins = data.nodes.filter(function (m) { return m.id !== id && n.cluster !== undefined && m.cluster === n.cluster; });
    if (twins.length) { row(dl, "near-identical to", twins.map(function (m) { return m.id; }).join(", ")); }
    body.appendChild(dl);
    if (!ins[id].length && !outs[id].length) {
      body.appendChild(el("p", "No reuse found: this document is not drawn.", "muted"));
      return;
    }
    body.appendChild(el("h3", "Derived from (" + ins[id].length + ")"));
    body.appendChild(edgeList(ins[id], "source"));
    body.appendChild(el("h3", "Copied into (" + outs[id].length + ")"));
    body.appendChild(edgeList(outs[id], "target"));
  }

  function go(what, key) {
    if (what === "edge") { showEdge(key); } else { showNode(key); }
    var x = what === "edge" ? drawnEdge[key] : drawnNode[key];
    if (x && x.scrollIntoView && !x.classList.contains("off")) { x.scrollIntoView({block: "center", inline: "center"}); }
    if (what === "node" && items[key] && !items[key].hidden) { items[key].scrollIntoView({block: "nearest"}); }
  }

  svg.addEventListener("click", function (ev) {
    var hit = ev.target.closest("[data-edge], [data-node]");
    if (!hit) { close(); return; }
    if (hit.hasAttribute("data-edge")) { showEdge(hit.getAttribute("data-edge")); }
    else { showNode(hit.getAttribute("data-node")); }
  });
  function follow(ev) {
    var b = ev.target.closest("[data-goto-edge], [data-goto-node]");
    if (!b) { return; }
    var edge = b.hasAttribute("data-goto-edge");
    go(edge ? "edge" : "node", b.getAttribute(edge ? "data-goto-edge" : "data-goto-node"));
  }
  panel.addEventListener("click", follow);
  list.addEventListener("click", follow);
  document.getElementById("details-close").addEventListener("click", close);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { close(); }
    else if (ev.key === "/" && document.activeElement !== search) { ev.preventDefault(); search.focus(); }
  });

  // --- zoom ---
  var width = +svg.getAttribute("width"), height = +svg.getAttribute("height"), scale = 1;
  function zoom(s) {
    scale = Math.max(0.05, Math.min(4, s));
    svg.setAttribute("width", String(Math.round(width * scale)));
    svg.setAttribute("height", String(Math.round(height * scale)));
    document.getElementById("zoom-level").textContent = Math.round(100 * scale) + "%";
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(scale * 1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(scale / 1.25); });
  document.getElementById("zoom-reset").addEventListener("click", function () { zoom(1); });
  document.getElementById("zoom-fit").addEventListener("click", function () {
    var box = document.getElementById("graph").getBoundingClientRect();
    zoom(Math.min(box.width / width, box.height / height));
  });

  apply();
  window.lineageReady = Math.round(performance.now());
  document.documentElement.setAttribute("data-ready", "");
}());
