// Offline search for the handbook. Works from file://: the index is
// search-index.js, loaded by search.html with a <script> element. The
// tokenizer and the matching rules are the same as src/search/ in the
// generator; tests/search/*.json holds the cases both must agree on.
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

  function queryTokens(query) {
    var q = normalize(query);
    var seen = [];
    tokens(q).forEach(function (t) { if (seen.indexOf(t) < 0) seen.push(t); });
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

  // The documents matching `query`, best first: [[doc, score], ...].
  function search(index, query) {
    var toks = queryTokens(query);
    if (!toks.length) return [];
    var terms = normalize(query).split(/\s+/).filter(Boolean);
    var prepared = prepare(index);
    var hits = [];
    for (var i = 0; i < prepared.length; i++) {
      var p = prepared[i];
      var ok = true;
      for (var t = 0; t < toks.length; t++) {
        if (p.text.indexOf(toks[t]) < 0 && p.title.indexOf(toks[t]) < 0) { ok = false; break; }
      }
      if (!ok) continue;
      // A whole term found counts most; its tokens scattered about a little.
      var score = 0;
      for (var m = 0; m < terms.length; m++) {
        var n = count(p.text, terms[m]);
        if (n > 0) {
          score += 20 + 5 * Math.min(n, 4);
        } else {
          var seen = [];
          tokens(terms[m]).forEach(function (tk) {
            if (seen.indexOf(tk) < 0) { score += Math.min(count(p.text, tk), 3); seen.push(tk); }
          });
        }
        if (p.title.indexOf(terms[m]) >= 0) score += 30;
      }
      hits.push([i, score]);
    }
    // Equal scores: the shorter, more specific part first, then page order.
    hits.sort(function (a, b) {
      return b[1] - a[1] || index.docs[a[0]][3].length - index.docs[b[0]][3].length || a[0] - b[0];
    });
    return hits;
  }

  // A window of the text around the first match, as DOM nodes with the
  // matches in <mark>. Built with text nodes: nothing from the index is
  // ever parsed as HTML.
  function snippet(text, toks) {
    var lower = lowerAscii(text);
    var first = -1;
    toks.forEach(function (t) {
      var at = lower.indexOf(t);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - 30);
    var end = Math.min(text.length, start + 110);
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

  // The search page.
  var LIMIT = 50;
  function start() {
    var form = document.getElementById('search-form');
    var input = document.getElementById('search-q');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    if (!form || !input || !list) return;
    var index = window.HANDBOOK_SEARCH;
    if (!index) {
      status.textContent = '検索用のデータ（search-index.js）が見つかりません。ハンドブックのフォルダーを丸ごとコピーしてください。';
      return;
    }
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';

    function run() {
      var q = input.value;
      list.textContent = '';
      if (!q.trim()) { status.textContent = '調べたい言葉を入力してください（例：バックアップ、連絡先、パスワード）。'; return; }
      var t0 = performance.now();
      var hits = search(index, q);
      var toks = queryTokens(q);
      hits.slice(0, LIMIT).forEach(function (h, i) {
        var d = index.docs[h[0]];
        var page = index.pages[d[0]];
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = page[0] + d[1];
        a.className = 'result-link';
        var where = document.createElement('span');
        where.className = 'result-page';
        where.textContent = page[1];
        a.appendChild(where);
        if (d[2] && d[2] !== page[1]) {
          var title = document.createElement('span');
          title.className = 'result-title';
          title.textContent = d[2];
          a.appendChild(title);
        }
        li.appendChild(a);
        var p = document.createElement('p');
        p.className = 'result-snippet';
        p.appendChild(snippet(d[3], toks));
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
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
