// Search for a scorecard site: the one script the site has, loaded only by
// the search page. Without it the page shows plain lists of every page; with
// it, the hidden form appears and searches the edition's prebuilt index
// (search.json, read once) as you type. No request leaves the site. Every
// word it shows comes from the page, in the page's language
// (the form's data-messages).
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !input || !status || !list || !window.fetch || !window.URL) return;

  var words = JSON.parse(form.getAttribute('data-messages'));
  var lang = document.documentElement.lang || 'en';
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var WEIGHT = { platform: 0, action: 1, indicator: 2, finding: 3 };
  var LIMIT = 50;
  var indexUrl = new URL(form.getAttribute('data-index'), document.baseURI);
  var entries = null;

  // A number in the page's digits.
  function number(n) {
    return String(n).replace(/[0-9]/g, function (d) { return words.digits.charAt(+d); });
  }

  // A sentence of the catalogue with its placeholders filled.
  function fill(text, args) {
    return text.replace(/\{([a-z_]+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(args, name) ? args[name] : all;
    });
  }

  // The form of a counted sentence for `n`, as CLDR's plural rules choose it.
  function counted(forms, n, args) {
    var category = plurals ? plurals.select(n) : (n === 1 ? 'one' : 'other');
    var form = forms[category] || forms.other;
    args.count = number(n);
    return fill(form, args);
  }

  // Lower case, accents and Arabic vowel marks removed, so that "etat"
  // finds "État" and a word typed without its marks finds it written with them.
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f\u0640\u064b-\u065f\u0670]/g, '').toLowerCase();
  }

  function terms(query) {
    return fold(query).split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function snippet(text, found) {
    var folded = fold(text);
    var at = -1;
    for (var i = 0; i < found.length && at < 0; i += 1) at = folded.indexOf(found[i]);
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
    var found = terms(query);
    if (!found.length) return [];
    var hits = [];
    for (var i = 0; i < entries.length; i += 1) {
      var e = entries[i];
      var every = found.every(function (w) { return e.foldedTitle.indexOf(w) >= 0 || e.foldedText.indexOf(w) >= 0; });
      if (!every) continue;
      var inTitle = found.filter(function (w) { return e.foldedTitle.indexOf(w) >= 0; }).length;
      hits.push({ entry: e, rank: [-inTitle, e.kind in WEIGHT ? WEIGHT[e.kind] : 9, i] });
    }
    hits.sort(function (a, b) {
      for (var k = 0; k < 3; k += 1) if (a.rank[k] !== b.rank[k]) return a.rank[k] - b.rank[k];
      return 0;
    });
    return hits.map(function (h) { return h.entry; });
  }

  function show(query) {
    list.textContent = '';
    var found = terms(query);
    if (!found.length) {
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
      kind.textContent = words.kinds[e.kind] || e.kind;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(a);
      if (e.text) {
        var p = document.createElement('p');
        p.className = 'search-snippet';
        p.textContent = snippet(e.text, found);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    list.hidden = shown.length === 0;
    var n = results.length;
    var args = { query: query.trim() };
    if (n === 0) {
      status.textContent = fill(words.none, args);
    } else {
      status.textContent = counted(words.results, n, args) +
        (n > LIMIT ? ' ' + fill(words.first, { count: number(LIMIT) }) : '');
    }
  }

  form.hidden = false;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (entries) show(input.value);
  });
  status.textContent = words.loading;
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
      status.textContent = words.failed;
    });
}());
