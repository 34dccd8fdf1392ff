// The reader's optional extras: timecodes seek the player, the highlight is centred, a text
// selection (or a passage) can be cited, permalinks copied. Reading works without any of this.
(function () {
  "use strict";
  var doc = document.querySelector("article.document");
  if (!doc) return;
  var player = document.getElementById("player");
  var citeBox = document.getElementById("cite-box");
  var citeText = document.getElementById("cite-text");
  var citeFormat = document.getElementById("cite-format");
  var citeRange = citeBox.querySelector(".cite-range");
  var citePermalink = document.getElementById("cite-permalink");
  var tools = document.getElementById("selection-tools");
  var citeButton = document.getElementById("cite-selection");
  var current = null; // {start, end} being cited

  // -- timecodes ---------------------------------------------------------------------------
  function seek(seconds) {
    if (!player || isNaN(seconds)) return;
    player.currentTime = seconds;
    var played = player.play();
    if (played && played.catch) played.catch(function () {}); // autoplay may be refused; the seek stands
  }
  doc.addEventListener("click", function (event) {
    var link = event.target.closest("a.time[data-time]");
    if (link) seek(parseFloat(link.dataset.time));
  });
  function seekFromHash() {
    var m = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
    if (m) seek(parseFloat(m[1]));
  }
  window.addEventListener("hashchange", seekFromHash);
  seekFromHash();

  // -- highlight: centre it (the #hl fragment already brought it into view) -----------------
  var hl = document.getElementById("hl") || document.querySelector("mark.word");
  if (hl && (location.hash === "#hl" || location.hash === "")) {
    hl.scrollIntoView({ block: "center" });
  }

  // -- offsets: each .ptext holds exactly text[data-start:data-end] ---------------------------
  function offsetIn(el, node, offset) {
    var range = document.createRange();
    range.setStart(el, 0);
    range.setEnd(node, offset);
    return parseInt(el.dataset.start, 10) + range.toString().length;
  }
  function selectionRange() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    var parts = Array.prototype.filter.call(doc.querySelectorAll(".ptext[data-start]"), function (el) {
      return range.intersectsNode(el);
    });
    if (!parts.length) return null;
    var first = parts[0], last = parts[parts.length - 1];
    var start = first.contains(range.startContainer) ? offsetIn(first, range.startContainer, range.startOffset)
                                                     : parseInt(first.dataset.start, 10);
    var end = last.contains(range.endContainer) ? offsetIn(last, range.endContainer, range.endOffset)
                                                : parseInt(last.dataset.end, 10);
    return end > start ? { start: start, end: end, rect: range.getBoundingClientRect() } : null;
  }

  // -- citing --------------------------------------------------------------------------------
  function citeUrl(start, end, format) {
    return doc.dataset.citeUrl + "?start=" + start + "&end=" + end + "&format=" + encodeURIComponent(format);
  }
  function permalink(start, end) {
    return doc.dataset.pageUrl + "?hl=" + start + "-" + end + "#hl";
  }
  function cite(start, end, words) {
    current = { start: start, end: end, words: words };
    citeBox.hidden = false;
    words = (words || "").replace(/\s+/g, " ").trim();
    citeRange.textContent = (words.length > 160 ? "“" + words.slice(0, 157) + "…”" : "“" + words + "”") +
      " (characters " + start + "–" + end + ")";
    citePermalink.href = permalink(start, end);
    citeText.value = "…";
    citeBox.dataset.state = "loading";
    fetch(citeUrl(start, end, citeFormat.value), { headers: { Accept: "text/plain" } })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (res) {
        if (!current || current.start !== start || current.end !== end) return;
        citeText.value = res.ok ? res.text.trim() : "Could not make a citation: " + res.text.slice(0, 200);
        citeBox.dataset.state = res.ok ? "ready" : "error";
      })
      .catch(function () { citeText.value = "Could not reach the archive."; citeBox.dataset.state = "error"; });
  }
  citeFormat.addEventListener("change", function () {
    if (current) cite(current.start, current.end, current.words);
  });
  document.getElementById("cite-close").addEventListener("click", function () {
    citeBox.hidden = true; current = null;
  });
  document.getElementById("cite-copy").addEventListener("click", function () { copy(citeText.value, this); });

  var pending = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      var sel = selectionRange();
      if (!sel) { tools.hidden = true; return; }
      citeButton.dataset.start = sel.start;
      citeButton.dataset.end = sel.end;
      citeButton.dataset.words = window.getSelection().toString();
      tools.style.top = (window.scrollY + sel.rect.bottom + 6) + "px";
      tools.style.left = (window.scrollX + Math.max(sel.rect.left, 8)) + "px";
      tools.hidden = false;
    }, 120);
  });
  tools.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the selection
  citeButton.addEventListener("click", function () {
    cite(parseInt(citeButton.dataset.start, 10), parseInt(citeButton.dataset.end, 10), citeButton.dataset.words);
    tools.hidden = true;
    citeText.focus();
  });
  // -- one toolbar (cite, collect, copy link) that joins whichever passage is pointed at or focused --
  var passageTools = document.getElementById("passage-tools");
  function attachTools(event) {
    var passage = event.target.closest && event.target.closest(".passage");
    if (!passage || passageTools.parentNode === passage) return;
    var text = passage.querySelector(".ptext");
    if (!text) return;
    var collect = passageTools.querySelector(".collect-passage");
    collect.dataset.collectStart = text.dataset.start;
    collect.dataset.collectEnd = text.dataset.end;
    collect.textContent = "Collect";
    passage.appendChild(passageTools);
    passageTools.hidden = false;
  }
  doc.addEventListener("mouseover", attachTools);
  doc.addEventListener("focusin", attachTools);
  passageTools.querySelector(".cite-passage").addEventListener("click", function () {
    var text = passageTools.parentNode.querySelector(".ptext");
    cite(parseInt(text.dataset.start, 10), parseInt(text.dataset.end, 10), text.textContent);
  });
  passageTools.querySelector(".copy-link").addEventListener("click", function () {
    copy(doc.dataset.pageUrl + "#" + passageTools.parentNode.id, this);
  });

  // -- long transcripts come in parts: a #p or #t link to another part goes there ---------------
  function findPart() {
    var firsts = doc.dataset.partFirsts.split(",").map(function (n) { return parseInt(n, 10); });
    var part = parseInt(doc.dataset.part, 10);
    var hash = location.hash;
    if (!hash || document.getElementById(decodeURIComponent(hash.slice(1)))) return;
    var target = null;
    var m = /^#p(\d+)$/.exec(hash);
    if (m) {
      var number = parseInt(m[1], 10);
      firsts.forEach(function (first, i) { if (first <= number) target = i + 1; });
    }
    m = /^#t=(\d+(?:\.\d+)?)$/.exec(hash);
    if (m) {
      var seconds = parseFloat(m[1]);
      doc.dataset.partTimes.split(",").forEach(function (t, i) {
        if (t !== "" && parseFloat(t) <= seconds) target = i + 1;
      });
    }
    if (target && target !== part) location.replace("?part=" + target + hash);
  }
  window.addEventListener("hashchange", findPart);
  findPart();

  // -- permalinks ----------------------------------------------------------------------------
  function copy(text, button) {
    var done = function () { var label = button.textContent; button.textContent = "Copied"; setTimeout(function () { button.textContent = label; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { window.prompt("Copy this:", text); });
    } else {
      window.prompt("Copy this:", text);
    }
  }
})();
