// Search for a scorecard site: the one script the site has, loaded only by
// the search page. Without it the page shows plain lists of every page; with
// it, the hidden form appears and searches the edition's prebuilt index
// (search.json, read once) as you type. No request leaves the site.
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !input || !status || !list || !window.fetch) return;

  var KINDS = { platform: 'Platform', action: 'Action', indicator: 'Indicator', finding: 'Finding' };
  var WEIGHT = { platform: 0, action: 1, indicator: 2, finding: 3 };
  var LIMIT = 50;
  var indexUrl = new URL(form.getAttribute('data-index'), document.baseURI);
  var entries = null;

  // Lower case, accents removed, so that "etat" finds "État".
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function terms(query) {
    return fold(query).split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function snippet(text, words) {
    var folded = fold(text);
    var at = -1;
    for (var i = 0; i < words.length && at < 0; i += 1) at = folded.indexOf(words[i]);
    // About 180 characters around the first match, cut between words.
    var start = Math.max(0, at - 60);
    if (start > 0) {
      var space = text.indexOf(' ', start);
      if (space >= 0 && space < at) start = space + 1;
    }
    var end = Math.min(text.length, start + 180);
    if (end < text.length) {
      var last = text.lastIndexOf(' ', end);
      if (last > start) end = last;
    }
    return (start > 0 ? '… ' : '') + text.slice(start, end) + (end < text.length ? ' …' : '');
  }

  function search(query) {
    var words = terms(query);
    if (!words.length) return [];
    var found = [];
    for (var i = 0; i < entries.length; i += 1) {
      var e = entries[i];
      var every = words.every(function (w) { return e.foldedTitle.indexOf(w) >= 0 || e.foldedText.indexOf(w) >= 0; });
      if (!every) continue;
      var inTitle = words.filter(function (w) { return e.foldedTitle.indexOf(w) >= 0; }).length;
      found.push({ entry: e, rank: [-inTitle, WEIGHT[e.kind] || 9, i] });
    }
    found.sort(function (a, b) {
      for (var k = 0; k < 3; k += 1) if (a.rank[k] !== b.rank[k]) return a.rank[k] - b.rank[k];
      return 0;
    });
    return found.map(function (f) { return f.entry; });
  }

  function show(query) {
    list.textContent = '';
    var words = terms(query);
    if (!words.length) {
      list.hidden = true;
      status.textContent = '';
      return;
    }
    var results = search(query);
    var shown = results.slice(0, LIMIT);
    shown.forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.href;
      a.textContent = e.title;
      var kind = document.createElement('span');
      kind.className = 'search-kind';
      kind.textContent = KINDS[e.kind] || e.kind;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(a);
      if (e.text) {
        var p = document.createElement('p');
        p.className = 'search-snippet';
        p.textContent = snippet(e.text, words);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    list.hidden = shown.length === 0;
    var n = results.length;
    status.textContent = n === 0
      ? 'No results for “' + query.trim() + '”.'
      : n + (n === 1 ? ' result' : ' results') + ' for “' + query.trim() + '”' + (n > LIMIT ? ', the first ' + LIMIT + ' shown.' : '.');
  }

  form.hidden = false;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (entries) show(input.value);
  });
  status.textContent = 'Loading the index…';
  fetch(indexUrl.href)
    .then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    })
    .then(function (index) {
      entries = index.entries.map(function (e) {
        return {
          kind: e.kind,
          title: e.title,
          text: e.text,
          href: new URL(e.url, indexUrl).href,
          foldedTitle: fold(e.title),
          foldedText: fold(e.text),
        };
      });
      var q = new URLSearchParams(location.search).get('q');
      if (q) input.value = q;
      status.textContent = '';
      show(input.value);
      input.addEventListener('input', function () { show(input.value); });
    })
    .catch(function () {
      status.textContent = 'Search cannot load its index here (it needs the site served over http). The lists below link every page.';
    });
}());
