/* Collected quotes: gather passages or exact ranges while reading, export them as one bibliography.
 *
 * No account: the collection lives in this browser's localStorage (key "oral-archive.collected"),
 * shared by every tab of the site, and is sent only when the user exports it.
 *
 * Contract with the pages (the reader template writes the markup, this file adds behaviour):
 *   - Any element with data-document="<doc id>", data-collect-start="<offset>" and
 *     data-collect-end="<offset>" (document character offsets, [start, end)) is a "Collect" button:
 *     a click adds that range. If the user has selected text inside the same document's passages
 *     (elements with data-start/data-end holding exactly doc.text[start:end]), the click collects the
 *     selection instead; add data-collect-passage-only to a button to ignore selections.
 *     Optional data-collect-label="..." is shown in the list (else the first words are used).
 *   - An element with data-collect="selection" and data-document collects the current selection only.
 *   - A container with id="collected", if present, receives the list, a format menu and the export
 *     button. Without it nothing is drawn, but buttons still collect (and show "Collected").
 *   - Export: POST /bibliography with JSON {format, items: [{document, start, end}]} and the
 *     X-CSRF-Token header, taken from <meta name="csrf-token">, an <input name="csrf_token">, or
 *     GET /bibliography/token; the answer is downloaded as a file.
 *   - Collected ranges are announced with a "collected" CustomEvent on document (detail = the list).
 */
(function () {
  "use strict";

  var KEY = "oral-archive.collected";
  var FORMATS = [["chicago", "Chicago"], ["mla", "MLA"], ["apa", "APA"], ["bibtex", "BibTeX"],
                 ["ris", "RIS"], ["csl-json", "CSL-JSON"]];
  var MAX_ITEMS = 500;

  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(valid) : [];
    } catch (e) {
      return [];
    }
  }

  function valid(item) {
    return item && typeof item.document === "string" && item.document &&
      Number.isInteger(item.start) && Number.isInteger(item.end) && item.start < item.end;
  }

  function save(items) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(items));
    } catch (e) {
      /* storage full or disabled: the list still works for this page */
    }
    render(items);
    document.dispatchEvent(new CustomEvent("collected", {detail: items}));
  }

  function add(item) {
    var items = load();
    var same = items.some(function (i) {
      return i.document === item.document && i.start === item.start && i.end === item.end;
    });
    if (!same && items.length < MAX_ITEMS) {
      items.push(item);
      save(items);
    }
  }

  /* -- offsets of a selection ------------------------------------------------------------- */

  function passageOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest("[data-start][data-end]") : null;
  }

  function offsetIn(passage, node, offset) {
    // Characters before (node, offset) inside the passage element, plus its document offset.
    var walker = document.createTreeWalker(passage, NodeFilter.SHOW_TEXT);
    var count = 0;
    var current;
    if (node.nodeType !== 3) {
      // A selection boundary between elements: count the text of the children before it.
      var before = document.createRange();
      before.setStart(passage, 0);
      before.setEnd(node, offset);
      return parseInt(passage.getAttribute("data-start"), 10) + before.toString().length;
    }
    while ((current = walker.nextNode())) {
      if (current === node) {
        return parseInt(passage.getAttribute("data-start"), 10) + count + offset;
      }
      count += current.nodeValue.length;
    }
    return null;
  }

  function selectionRange(docId) {
    var sel = window.getSelection && window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) {
      return null;
    }
    var range = sel.getRangeAt(0);
    var first = passageOf(range.startContainer);
    var last = passageOf(range.endContainer);
    if (!first || !last) {
      return null;
    }
    var host = first.closest("[data-doc]");
    if (docId && host && host.getAttribute("data-doc") !== docId) {
      return null;
    }
    var start = offsetIn(first, range.startContainer, range.startOffset);
    var end = offsetIn(last, range.endContainer, range.endOffset);
    if (start === null || end === null || start >= end) {
      return null;
    }
    return {start: start, end: end, text: sel.toString()};
  }

  /* -- collecting ------------------------------------------------------------------------- */

  function snippet(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    return text.length > 140 ? text.slice(0, 137) + "…" : text;
  }

  function collectFrom(button) {
    var docId = button.getAttribute("data-document");
    if (!docId) {
      return;
    }
    var picked = button.hasAttribute("data-collect-passage-only") ? null : selectionRange(docId);
    var item;
    if (picked) {
      item = {document: docId, start: picked.start, end: picked.end, label: snippet(picked.text)};
    } else if (button.getAttribute("data-collect") === "selection") {
      return;
    } else {
      var start = parseInt(button.getAttribute("data-collect-start"), 10);
      var end = parseInt(button.getAttribute("data-collect-end"), 10);
      if (!(start < end)) {
        return;
      }
      var label = button.getAttribute("data-collect-label") || textOf(docId, start, end);
      item = {document: docId, start: start, end: end, label: snippet(label)};
    }
    item.title = document.title || "";
    add(item);
    button.setAttribute("aria-pressed", "true");
    button.classList.add("is-collected");
  }

  function textOf(docId, start, end) {
    var nodes = document.querySelectorAll("[data-start][data-end]");
    for (var i = 0; i < nodes.length; i++) {
      var s = parseInt(nodes[i].getAttribute("data-start"), 10);
      var e = parseInt(nodes[i].getAttribute("data-end"), 10);
      if (s <= start && end <= e) {
        return nodes[i].textContent.slice(start - s, end - s);
      }
    }
    return docId + " " + start + "–" + end;
  }

  /* -- the panel -------------------------------------------------------------------------- */

  function render(items) {
    var box = document.getElementById("collected");
    if (!box) {
      return;
    }
    box.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = "Collected quotes (" + items.length + ")";
    box.appendChild(heading);
    if (!items.length) {
      var empty = document.createElement("p");
      empty.className = "muted";
      empty.textContent = "Nothing collected yet. Use “Collect” beside a passage or a selection.";
      box.appendChild(empty);
      return;
    }
    var list = document.createElement("ol");
    items.forEach(function (item, index) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/documents/" + encodeURIComponent(item.document) + "?hl=" + item.start + "-" + item.end + "#hl";
      link.textContent = item.label || (item.document + " " + item.start + "–" + item.end);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", "Remove this quote from the collection");
      remove.addEventListener("click", function () {
        var now = load();
        now.splice(index, 1);
        save(now);
      });
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(remove);
      list.appendChild(li);
    });
    box.appendChild(list);

    var row = document.createElement("p");
    var label = document.createElement("label");
    label.textContent = "Format ";
    var select = document.createElement("select");
    FORMATS.forEach(function (f) {
      var option = document.createElement("option");
      option.value = f[0];
      option.textContent = f[1];
      select.appendChild(option);
    });
    label.appendChild(select);
    var exportButton = document.createElement("button");
    exportButton.type = "button";
    exportButton.textContent = "Download bibliography";
    var clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = "Clear";
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    exportButton.addEventListener("click", function () {
      status.textContent = "Preparing…";
      exportItems(load(), select.value).then(function () {
        status.textContent = "";
      }, function (err) {
        status.textContent = err.message;
      });
    });
    clear.addEventListener("click", function () {
      save([]);
    });
    row.appendChild(label);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(exportButton);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(clear);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(status);
    box.appendChild(row);
  }

  /* -- export ----------------------------------------------------------------------------- */

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      return Promise.resolve(meta.content);
    }
    var input = document.querySelector('input[name="csrf_token"]');
    if (input && input.value) {
      return Promise.resolve(input.value);
    }
    return fetch("/bibliography/token", {credentials: "same-origin"}).then(function (r) {
      return r.json();
    }).then(function (data) {
      return data.csrf_token || "";
    });
  }

  function exportItems(items, format) {
    if (!items.length) {
      return Promise.reject(new Error("Nothing collected."));
    }
    var body = JSON.stringify({format: format, items: items.map(function (i) {
      return {document: i.document, start: i.start, end: i.end};
    })});
    return csrfToken().then(function (token) {
      return fetch("/bibliography", {
        method: "POST", credentials: "same-origin", body: body,
        headers: {"Content-Type": "application/json", "X-CSRF-Token": token}
      });
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) {
          throw new Error("Export failed (" + response.status + "): " + messageOf(text));
        });
      }
      var name = filenameOf(response.headers.get("Content-Disposition")) || "bibliography.txt";
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = document.createElement("a");
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
    });
  }

  function messageOf(text) {
    var doc = new DOMParser().parseFromString(text, "text/html");
    return snippet(doc.body ? doc.body.textContent : text);
  }

  function filenameOf(header) {
    var m = /filename="([A-Za-z0-9._-]+)"/.exec(header || "");
    return m ? m[1] : null;
  }

  /* -- wiring ----------------------------------------------------------------------------- */

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-collect-start][data-document], [data-collect='selection'][data-document]");
    if (button) {
      event.preventDefault();
      collectFrom(button);
    }
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      render(load());
    }
  });
  function start() {
    var items = load();
    render(items);
    items.forEach(function (item) {
      var selector = '[data-document="' + CSS.escape(item.document) + '"][data-collect-start="' + item.start +
        '"][data-collect-end="' + item.end + '"]';
      document.querySelectorAll(selector).forEach(function (b) {
        b.setAttribute("aria-pressed", "true");
        b.classList.add("is-collected");
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  window.OralArchiveCollect = {load: load, add: add, exportItems: exportItems};
})();
