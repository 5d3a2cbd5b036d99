/*
  search.js: the search box of the edition's index.html. No dependencies, no build step.

  Opened from a disk (file://) or any static host, it searches the static index that
  search-index.js assigns to window.teipipeSearchIndex (made by the build from the TEI):
  every term the visitor types must match, as the start of a word of the document (its title,
  date, kind, people or reading text) or, for 1962, 1962-10 or 1962-10-27, the start of its ISO
  date. Each result says which field matched. When the page is served by `teipipe serve`
  (http or https) and /api/search answers, results come from the server's full-text index
  instead, with a snippet of the text around the match; if the server does not answer, the
  static index is used.

  A query in the address (index.html?q=castro) is searched on load, so results can be linked.
*/
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var form = document.getElementById("search");
  if (!form) {
    return;
  }
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var htmlDir = form.getAttribute("data-html-dir") || "html/";
  var api = form.getAttribute("data-api") || "api/search";
  var index = window.teipipeSearchIndex;
  var vocabulary = index ? Object.keys(index.words).sort() : [];
  var latest = 0;

  /* Lowercase without diacritics, as the build folds the index (records.fold). */
  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function words(text) {
    return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  function isDate(term) {
    return /^\d{4}(-\d{2}){0,2}$/.test(term);
  }

  /* Positions of the documents with a word starting with `prefix` (binary search, then scan). */
  function postings(prefix) {
    var low = 0;
    var high = vocabulary.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (vocabulary[middle] < prefix) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    var found = new Set();
    for (var i = low; i < vocabulary.length && vocabulary[i].startsWith(prefix); i++) {
      var position = 0;
      index.words[vocabulary[i]].forEach(function (gap) {
        position += gap;  // positions are stored as gaps from the previous one
        found.add(position);
      });
    }
    return found;
  }

  function startsAWord(text, prefix) {
    return words(text).some(function (word) { return word.startsWith(prefix); });
  }

  /* What the query matched in one document, for the result line: a field and its text. */
  function matchedField(doc, terms) {
    var day = terms.find(function (term) { return isDate(term) && doc.date.startsWith(term); });
    if (day) {
      return ["Date", doc.dateline || doc.date];
    }
    var prefixes = [];
    terms.forEach(function (term) { prefixes = prefixes.concat(words(term)); });
    var all = function (text) {
      return prefixes.every(function (prefix) { return startsAWord(text, prefix); });
    };
    var person = doc.people.find(all);
    if (person) {
      return ["Person", person];
    } else if (all(doc.title)) {
      return ["Title", ""];
    } else if (all(doc.dateline)) {
      return ["Date", doc.dateline];
    } else if (all(doc.kind)) {
      return ["Kind", doc.kind];
    }
    return ["Text", ""];
  }

  /* The positions in both sets; null stands for "no restriction yet". */
  function intersect(some, others) {
    if (some === null) {
      return others;
    }
    return new Set(Array.from(some).filter(function (p) { return others.has(p); }));
  }

  /* The documents matching every term, by date, each with the field the query matched. */
  function searchStatic(query) {
    var terms = query.split(/\s+/).filter(function (term) { return words(term).length > 0; });
    if (terms.length === 0) {
      return [];
    }
    var matching = null;
    terms.forEach(function (term) {
      var found = new Set();
      if (isDate(term)) {
        index.documents.forEach(function (doc, position) {
          if (doc.date.startsWith(term)) {
            found.add(position);
          }
        });
        if (term.indexOf("-") >= 0) {
          matching = intersect(matching, found);
          return;  // 1962-10-27 is a date, not the numbers 1962, 10 and 27 anywhere
        }
      }
      var byWords = null;
      words(term).forEach(function (prefix) {
        byWords = intersect(byWords, postings(prefix));
      });
      byWords.forEach(function (position) { found.add(position); });
      matching = intersect(matching, found);
    });
    return Array.from(matching).map(function (position) {
      var doc = index.documents[position];
      return {doc: doc, field: matchedField(doc, terms)};
    }).sort(function (a, b) {
      return (a.doc.date || "9999").localeCompare(b.doc.date || "9999")
        || a.doc.stem.localeCompare(b.doc.stem);
    });
  }

  /* A server snippet is escaped text with <mark> elements; keep exactly that, nothing else. */
  function snippetNode(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var span = document.createElement("span");
    span.className = "search-snippet";
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        span.appendChild(mark);
      } else {
        span.appendChild(document.createTextNode(node.textContent));
      }
    });
    return span;
  }

  function resultItem(stem, title, dateline, label, detail, snippet) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = htmlDir + encodeURIComponent(stem) + ".html";
    link.textContent = title || stem;
    item.appendChild(link);
    if (dateline) {
      var date = document.createElement("span");
      date.className = "search-date";
      date.textContent = dateline;
      item.appendChild(document.createTextNode(" "));
      item.appendChild(date);
    }
    if (label) {
      var field = document.createElement("span");
      field.className = "search-field";
      field.setAttribute("data-field", label.toLowerCase());
      field.textContent = detail ? label + ": " + detail : label;
      item.appendChild(document.createTextNode(" "));
      item.appendChild(field);
    }
    if (snippet) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(snippetNode(snippet));
    }
    return item;
  }

  function show(items, total, query) {
    list.replaceChildren.apply(list, items.slice(0, MAX_RESULTS));
    if (!query.trim()) {
      status.textContent = "";
    } else if (total === 0) {
      status.textContent = "No documents match “" + query + "”.";
    } else {
      status.textContent = (total === 1 ? "1 document matches" : total + " documents match")
        + (total > items.length || items.length > MAX_RESULTS
          ? ", the first " + Math.min(items.length, MAX_RESULTS) + " shown." : ".");
    }
    form.setAttribute("data-source", items.source || "");
  }

  function showStatic(query) {
    if (!index) {
      status.textContent = "Search needs search-index.js, which this copy of the edition lacks.";
      return;
    }
    var found = searchStatic(query);
    var items = found.map(function (hit) {
      return resultItem(hit.doc.stem, hit.doc.title, hit.doc.dateline, hit.field[0],
                        hit.field[1], "");
    });
    items.source = "static";
    show(items, found.length, query);
  }

  function showServer(query, ticket) {
    var url = api + "?limit=" + MAX_RESULTS + "&q=" + encodeURIComponent(query);
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    }).then(function (page) {
      if (ticket !== latest) {
        return;
      }
      var items = page.results.map(function (hit) {
        return resultItem(hit.stem, hit.title, hit.dateline, "", "", hit.snippet);
      });
      items.source = "server";
      show(items, page.total, query);
    });
  }

  function run() {
    var query = input.value;
    latest += 1;
    var ticket = latest;
    if (/^https?:$/.test(location.protocol) && query.trim()) {
      showServer(query, ticket).catch(function () {
        if (ticket === latest) {
          showStatic(query);
        }
      });
    } else {
      showStatic(query);
    }
  }

  input.addEventListener("input", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  var asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    run();
  }
})();
