
(function () {
  "use strict";
  var OTHER = {a: "b", b: "a"};

  function box(sec, side) { return sec.querySelector('.text[data-side="' + side + '"]'); }
  function all(root, selector) { return root ? Array.prototype.slice.call(root.querySelectorAll(selector)) : []; }
  function clear(root) { all(root, ".on").forEach(function (x) { x.classList.remove("on"); }); }
  function light(list) { list.forEach(function (x) { x.classList.add("on"); }); }
  function digits(value) { return /^[0-9]+$/.test(value || "") ? value : null; }

  function visible(container) {
    var c = container.getBoundingClientRect();
    return {top: Math.max(c.top, 0), bottom: Math.min(c.bottom, window.innerHeight)};
  }

  function reveal(container, el) {
    if (!container || !el) { return; }
    var v = visible(container);
    if (v.bottom - v.top < 120) {  // the column is (nearly) off screen: bring it in first
      container.scrollIntoView({block: "nearest"});
      v = visible(container);
    }
    var r = el.getBoundingClientRect(), h = v.bottom - v.top;
    if (r.top < v.top || r.bottom > v.bottom) {
      container.scrollTop += r.top - v.top - Math.max(8, Math.min(h / 3, (h - r.height) / 2));
    }
  }

  function both(sec, attr, value) {
    var sel = "[" + attr + '="' + value + '"]';
    return {a: all(box(sec, "a"), sel), b: all(box(sec, "b"), sel)};
  }

  function finding(sec, f, sides) {
    var item = sec.querySelector('.finding[data-f="' + f + '"]');
    if (item) { item.classList.add("on"); reveal(sec.querySelector(".findings"), item); }
    var found = {};
    ["a", "b"].forEach(function (s) {
      found[s] = all(box(sec, s), '[data-f~="' + f + '"]');
      light(found[s]);
      if (sides.indexOf(s) >= 0) { reveal(box(sec, s), found[s][0]); }
    });
    return found;
  }

  function onRun(sec, run) {
    var side = run.closest(".text").getAttribute("data-side"), other = OTHER[side], target = null;
    var k = digits(run.getAttribute("data-pair")), p = digits(run.getAttribute("data-p"));
    clear(sec);
    if (k !== null || p !== null) {
      var group = k !== null ? both(sec, "data-pair", k) : both(sec, "data-p", p);
      light(group.a);
      light(group.b);
      target = group[other][0] || null;
    }
    var fs = (run.getAttribute("data-f") || "").split(" ").filter(digits);
    if (fs.length) {
      var found = finding(sec, fs[0], []);
      if (found[other].length) { target = found[other][0]; }
    }
    reveal(box(sec, other), target);
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) { return; }
    var sec = t.closest(".cmp");
    if (!sec) { return; }
    var go = t.closest("[data-goto-f], [data-goto-p]");
    if (go) {
      clear(sec);
      var f = digits(go.getAttribute("data-goto-f")), p = digits(go.getAttribute("data-goto-p"));
      if (f !== null) { finding(sec, f, [go.getAttribute("data-side")]); }
      if (p !== null) {
        var group = both(sec, "data-p", p);
        light(group.a);
        light(group.b);
        reveal(box(sec, "a"), group.a[0]);
        reveal(box(sec, "b"), group.b[0]);
      }
      return;
    }
    var item = t.closest(".finding");
    if (item) { clear(sec); finding(sec, digits(item.getAttribute("data-f")), ["a", "b"]); return; }
    var run = t.closest(".text [data-pair], .text [data-p], .text [data-f]");
    if (run) { onRun(sec, run); } else if (t.closest(".text")) { clear(sec); }
  });

  function hover(ev, on) {
    var t = ev.target, run = t instanceof Element ? t.closest(".text [data-pair]") : null;
    if (!run) { return; }
    var group = both(run.closest(".cmp"), "data-pair", digits(run.getAttribute("data-pair")));
    group.a.concat(group.b).forEach(function (x) { x.classList.toggle("hov", on); });
  }
  document.addEventListener("mouseover", function (ev) { hover(ev, true); });
  document.addEventListener("mouseout", function (ev) { hover(ev, false); });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { clear(document); return; }
    var t = ev.target;
    if ((ev.key === "Enter" || ev.key === " ") && t instanceof Element && t.matches(".text [data-pair][tabindex]")) {
      ev.preventDefault();
      onRun(t.closest(".cmp"), t);
    }
  });
}());
