// Offline search for the handbook. Works from file://: the index is
// search-index.js, loaded with a <script> element (search.html has it in
// the page; every other page's header box loads it with this script the
// first time it is used, theme/site.js). The tokenizer, the synonyms and
// the ranking are the same as src/search/ in the generator; tests/search/
// holds the cases both must agree on.
(function () {
  'use strict';

  // 1. NFKC, then ASCII A-Z to a-z (nothing else changes case).
  function normalize(s) {
    return s.normalize('NFKC').replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }
  function lowerAscii(s) {
    return s.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }

  function isCjk(ch) {
    var c = ch.codePointAt(0);
    if (c === 0x30fb || c === 0x30a0) return false; // ・ ゠ are punctuation
    return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3040 && c <= 0x309f) || (c >= 0x30a0 && c <= 0x30ff) ||
      (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3ffff);
  }
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  function isWord(ch) { return !isCjk(ch) && WORD.test(ch); }

  // 2-3. CJK runs give bigrams (a lone character itself); word runs the word.
  function tokens(normalized) {
    var chars = Array.from(normalized);
    var out = [];
    var i = 0;
    while (i < chars.length) {
      var run = isCjk(chars[i]) ? isCjk : isWord(chars[i]) ? isWord : null;
      if (!run) { i++; continue; }
      var start = i;
      while (i < chars.length && run(chars[i])) i++;
      var len = i - start;
      if (run === isCjk && len > 1) {
        for (var k = start; k + 1 < i; k++) out.push(chars[k] + chars[k + 1]);
      } else {
        out.push(chars.slice(start, i).join(''));
      }
    }
    return out;
  }

  function distinct(list) {
    var seen = [];
    list.forEach(function (t) { if (seen.indexOf(t) < 0) seen.push(t); });
    return seen;
  }

  function queryTokens(query) {
    var q = normalize(query);
    var seen = distinct(tokens(q));
    if (!seen.length && q.trim()) seen.push(q.trim());
    return seen;
  }

  function count(hay, needle) {
    var n = 0;
    var at = hay.indexOf(needle);
    while (at >= 0 && n < 10) {
      n++;
      at = hay.indexOf(needle, at + 1);
    }
    return n;
  }

  // Prepared once per index: lower-cased text and normalised titles.
  function prepare(index) {
    if (!index.prepared) {
      index.prepared = index.docs.map(function (d) {
        return { text: lowerAscii(d[3]), title: normalize(d[2]) };
      });
    }
    return index.prepared;
  }

  // The words a normalised query term stands for: itself, then the other
  // words of its group of synonyms.
  function alternatives(index, term) {
    var out = [term];
    var groups = index.synonyms || [];
    for (var g = 0; g < groups.length; g++) {
      if (groups[g].indexOf(term) >= 0) {
        groups[g].forEach(function (w) { if (w !== term) out.push(w); });
        break;
      }
    }
    return out;
  }

  // What one word of a term scores: found whole counts most, its tokens
  // scattered about a little; a title holding it more.
  function termScore(p, word, toks) {
    var n = count(p.text, word);
    var score = 0;
    if (n > 0) {
      score = 20 + 5 * Math.min(n, 4);
    } else {
      toks.forEach(function (t) { score += Math.min(count(p.text, t), 3); });
    }
    if (p.title.indexOf(word) >= 0) score += 30;
    return score;
  }

  function terms(query) {
    return normalize(query).split(/\s+/).filter(Boolean);
  }

  // The documents matching `query`, best first: [[doc, score], ...].
  function search(index, query) {
    var toks = queryTokens(query);
    if (!toks.length) return [];
    var ts = terms(query);
    var words = ts.map(function (t) {
      return alternatives(index, t).map(function (w) { return [w, distinct(tokens(w))]; });
    });
    var fallback = words.every(function (alts) { return alts[0][1].length === 0; });
    var pinned = [];
    (index.shortcuts || []).forEach(function (sc) {
      if (ts.some(function (t) { return sc[1].indexOf(t) >= 0; })) pinned.push(sc[0]);
    });
    var pages = index.pages;
    var prepared = prepare(index);
    var hits = [];
    for (var i = 0; i < prepared.length; i++) {
      var p = prepared[i];
      var has = function (t) { return p.text.indexOf(t) >= 0 || p.title.indexOf(t) >= 0; };
      var matched = fallback ? has(toks[0]) : words.every(function (alts) {
        return alts[0][1].length === 0 || alts.some(function (a) { return a[1].every(has); });
      });
      var pin = pinned.indexOf(i) >= 0;
      if (!matched && !pin) continue;
      var score = 0;
      if (matched) {
        words.forEach(function (alts) {
          var best = 0;
          alts.forEach(function (a) { best = Math.max(best, termScore(p, a[0], a[1])); });
          score += best;
        });
      }
      score += pages[index.docs[i][0]][2] || 0;
      if (pin) score += 1000;
      hits.push([i, score]);
    }
    // Equal scores: the shorter, more specific part first, then page order.
    hits.sort(function (a, b) {
      return b[1] - a[1] || index.docs[a[0]][3].length - index.docs[b[0]][3].length || a[0] - b[0];
    });
    return hits;
  }

  // The tokens to mark in a snippet: those of every word the query stands for.
  function markTokens(index, query) {
    var ts = terms(query);
    var all = [];
    ts.forEach(function (t) {
      alternatives(index, t).forEach(function (w) { all = all.concat(tokens(w)); });
    });
    all = distinct(all);
    return all.length ? all : queryTokens(query);
  }

  // A window of the text around the first match, as DOM nodes with the
  // matches in <mark>. Built with text nodes: nothing from the index is
  // ever parsed as HTML.
  function snippet(text, toks, size) {
    var lower = lowerAscii(text);
    var first = -1;
    toks.forEach(function (t) {
      var at = lower.indexOf(t);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - 30);
    var end = Math.min(text.length, start + (size || 110));
    var marks = [];
    toks.forEach(function (t) {
      var at = lower.indexOf(t, start);
      while (at >= 0 && at < end) {
        marks.push([at, Math.min(end, at + t.length)]);
        at = lower.indexOf(t, at + 1);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    // Overlapping bigrams of one word become one mark.
    marks = marks.reduce(function (acc, mk) {
      var last = acc[acc.length - 1];
      if (last && mk[0] <= last[1]) last[1] = Math.max(last[1], mk[1]);
      else acc.push([mk[0], mk[1]]);
      return acc;
    }, []);
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode('…'));
    var pos = start;
    marks.forEach(function (mk) {
      if (mk[1] <= pos) return;
      var from = Math.max(pos, mk[0]);
      frag.appendChild(document.createTextNode(text.slice(pos, from)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(from, mk[1]);
      frag.appendChild(mark);
      pos = mk[1];
    });
    frag.appendChild(document.createTextNode(text.slice(pos, end)));
    if (end < text.length) frag.appendChild(document.createTextNode('…'));
    return frag;
  }

  var api = { normalize: normalize, tokens: tokens, queryTokens: queryTokens, search: search };
  (typeof window !== 'undefined' ? window : globalThis).HandbookSearch = api;
  if (typeof document === 'undefined') return;

  var MISSING = '検索用のデータ（search-index.js）が見つかりません。ハンドブックのフォルダーを丸ごとコピーしてください。';

  // One hit as a link: the part's title over the page it is on.
  function resultLink(index, hit, root) {
    var d = index.docs[hit[0]];
    var page = index.pages[d[0]];
    var a = document.createElement('a');
    a.href = root + page[0] + d[1];
    // The page's name over the part's title; a page's top has only its name.
    var title = document.createElement('span');
    title.className = 'result-title';
    if (d[2] && d[2] !== page[1]) {
      var where = document.createElement('span');
      where.className = 'result-page';
      where.textContent = page[1];
      a.appendChild(where);
      title.textContent = d[2];
    } else {
      title.textContent = page[1];
    }
    a.appendChild(title);
    return a;
  }

  // The search page.
  var LIMIT = 50;
  function startPage() {
    var form = document.getElementById('search-form');
    var input = document.getElementById('search-q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    if (!form || !input || !list) return;
    var index = window.HANDBOOK_SEARCH;
    if (!index) {
      status.textContent = MISSING;
      return;
    }
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';

    function run() {
      var q = input.value;
      list.textContent = '';
      if (!q.trim()) { status.textContent = '調べたい言葉を入力してください（例：ランサムウェア、バックアップ、連絡先）。'; return; }
      var t0 = performance.now();
      var hits = search(index, q);
      var toks = markTokens(index, q);
      hits.slice(0, LIMIT).forEach(function (h, i) {
        var li = document.createElement('li');
        var a = resultLink(index, h, '');
        a.className = 'result-link';
        li.appendChild(a);
        var p = document.createElement('p');
        p.className = 'result-snippet';
        p.appendChild(snippet(index.docs[h[0]][3], toks));
        li.appendChild(p);
        li.dataset.rank = String(i);
        list.appendChild(li);
      });
      var ms = Math.round(performance.now() - t0);
      document.body.dataset.searchMs = String(ms);
      if (!hits.length) {
        status.textContent = '「' + q + '」に一致する箇所は見つかりませんでした。言葉を短くするか、別の言い方（例：「復旧」「バックアップ」）で探してください。緊急のときは上の「緊急時対応」を開いてください。';
      } else {
        status.textContent = hits.length + ' 件見つかりました' + (hits.length > LIMIT ? '（上位 ' + LIMIT + ' 件を表示）' : '') + '。';
      }
    }

    var timer = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        run();
        try { history.replaceState(null, '', '?q=' + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
      }, 120);
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(); });
    // Arrow keys move between the search box and the results.
    document.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a.result-link'));
      var at = links.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') {
        if (document.activeElement === input && links.length) { links[0].focus(); e.preventDefault(); }
        else if (at >= 0 && at + 1 < links.length) { links[at + 1].focus(); e.preventDefault(); }
      } else if (e.key === 'ArrowUp' && at >= 0) {
        (at === 0 ? input : links[at - 1]).focus();
        e.preventDefault();
      } else if (e.key === 'Escape' && at >= 0) {
        input.focus();
      }
    });
    run();
    document.body.dataset.searchReadyMs = String(Math.round(performance.now()));
    document.body.dataset.searchReady = '1';
  }

  // The header box on every page: results as you type, in a list of links
  // under the box (↓ moves into the list, ↓↑ between results, Esc back to
  // the box; a tap on a result opens it). Enter in the box opens the
  // search page with every result.
  var SHOWN = 8;
  var boxes = 0;
  function attachBox(form) {
    if (form.dataset.searchBox) return;
    form.dataset.searchBox = '1';
    var input = form.querySelector('input[type="search"]');
    if (!input) return;
    var root = form.getAttribute('data-root') || '';
    var id = 'site-search-results-' + (++boxes);
    var panel = document.createElement('div');
    panel.className = 'search-dropdown';
    panel.id = id;
    panel.hidden = true;
    var list = document.createElement('ul');
    list.setAttribute('aria-label', '検索結果');
    panel.appendChild(list);
    form.appendChild(panel);
    var live = document.createElement('p');
    live.className = 'visually-hidden';
    live.setAttribute('role', 'status');
    form.appendChild(live);
    input.setAttribute('aria-controls', id);

    function links() { return Array.prototype.slice.call(panel.querySelectorAll('a')); }
    function open(on) {
      panel.hidden = !on;
      form.classList.toggle('open', on);
    }
    function item(a, extra) {
      var li = document.createElement('li');
      if (extra) li.className = extra;
      li.appendChild(a);
      list.appendChild(li);
    }
    function run() {
      var q = input.value;
      list.textContent = '';
      if (!q.trim()) { open(false); live.textContent = ''; return; }
      var index = window.HANDBOOK_SEARCH;
      if (!index) {
        var note = document.createElement('li');
        note.className = 'search-note';
        note.textContent = form.getAttribute('data-search-missing') ? MISSING : '検索の準備中…';
        list.appendChild(note);
        open(true);
        return;
      }
      var hits = search(index, q);
      var toks = markTokens(index, q);
      hits.slice(0, SHOWN).forEach(function (h) {
        var a = resultLink(index, h, root);
        a.className = 'result-link';
        var p = document.createElement('span');
        p.className = 'result-snippet';
        p.appendChild(snippet(index.docs[h[0]][3], toks, 60));
        a.appendChild(p);
        item(a);
      });
      var all = document.createElement('a');
      all.href = root + 'search.html?q=' + encodeURIComponent(q);
      all.textContent = hits.length ? 'すべての結果を見る（' + hits.length + '件）' : '「' + q + '」は見つかりませんでした。検索ページで探す';
      item(all, 'search-all');
      live.textContent = hits.length ? hits.length + '件見つかりました。↓キーで結果に移れます。' : '見つかりませんでした。';
      open(true);
      // What the list shows results for (typing runs ahead of it).
      form.dataset.query = q;
      form.dataset.results = String(hits.length);
    }
    var timer = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener('focus', function () { if (input.value.trim() && panel.hidden) run(); });
    form.addEventListener('keydown', function (e) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') {
        if (document.activeElement === input) {
          if (panel.hidden) run();
          if (all.length || (all = links()).length) all[0].focus();
        } else if (at >= 0 && at + 1 < all.length) {
          all[at + 1].focus();
        }
        e.preventDefault();
      } else if (e.key === 'ArrowUp' && at >= 0) {
        (at === 0 ? input : all[at - 1]).focus();
        e.preventDefault();
      } else if (e.key === 'Escape') {
        if (!panel.hidden) {
          open(false);
          input.focus();
          e.preventDefault();
        }
      }
    });
    // Leaving the box and its list closes the list.
    form.addEventListener('focusout', function () {
      setTimeout(function () { if (!form.contains(document.activeElement)) open(false); }, 200);
    });
    document.addEventListener('click', function (e) {
      if (!form.contains(e.target)) open(false);
    });
    // Typed before the script arrived.
    if (document.activeElement === input && input.value.trim()) run();
  }

  function start() {
    startPage();
    Array.prototype.forEach.call(document.querySelectorAll('form.site-search'), attachBox);
    window.HandbookSearchBox = true;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
