// What every page does with scripts on (each part is optional: without
// scripts the page reads the same, with the menu at its foot). Works from
// file://: no fetch(), no module, no storage it cannot do without.
//
// - the メニュー button opens the menu as a drawer (a narrow screen);
// - the 夜間表示 button switches light and dark and remembers the choice;
// - the contents list (目次, このページの内容) is open on a wide screen and
//   marks the section being read;
// - a table wider than the screen says that it scrolls sideways;
// - the search box in the header loads the search (search-index.js and
//   theme/search.js) the first time it is used.
(function () {
  'use strict';
  var doc = document.documentElement;
  var KEY = 'handbook-theme';

  function store(value) {
    try { localStorage.setItem(KEY, value); } catch (e) { /* refused: the choice lasts this page */ }
  }

  // The header's height, for anchors and the sticky sidebars to clear it.
  var header = document.querySelector('.site-header');
  function measure() {
    if (header) doc.style.setProperty('--header-h', header.offsetHeight + 'px');
  }

  // Night mode.
  var toggle = document.querySelector('.theme-toggle');
  function dark() {
    var set = doc.getAttribute('data-theme');
    if (set) return set === 'dark';
    return !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  }
  function showTheme() {
    if (toggle) toggle.setAttribute('aria-pressed', dark() ? 'true' : 'false');
  }
  if (toggle) {
    toggle.addEventListener('click', function () {
      var next = dark() ? 'light' : 'dark';
      doc.setAttribute('data-theme', next);
      store(next);
      showTheme();
    });
    if (window.matchMedia) {
      var scheme = window.matchMedia('(prefers-color-scheme: dark)');
      if (scheme.addEventListener) scheme.addEventListener('change', showTheme);
    }
    showTheme();
  }

  // The menu drawer.
  var menuButton = document.querySelector('.menu-button');
  var nav = document.getElementById('site-nav');
  var backdrop = null;
  function setMenu(open) {
    if (!nav || !menuButton) return;
    doc.classList.toggle('menu-open', open);
    menuButton.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      if (!backdrop) {
        backdrop = document.createElement('div');
        backdrop.className = 'menu-backdrop';
        backdrop.addEventListener('click', function () { setMenu(false); });
        document.body.appendChild(backdrop);
      }
      backdrop.hidden = false;
      var here = nav.querySelector('a[aria-current="page"]') || nav.querySelector('a');
      if (here) here.focus();
    } else {
      if (backdrop) backdrop.hidden = true;
    }
  }
  if (menuButton && nav) {
    menuButton.addEventListener('click', function () {
      setMenu(!doc.classList.contains('menu-open'));
    });
    var close = nav.querySelector('.menu-close');
    if (close) close.addEventListener('click', function () { setMenu(false); menuButton.focus(); });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && doc.classList.contains('menu-open')) {
        setMenu(false);
        menuButton.focus();
      }
    });
    // A link to a part of this page closes the drawer on the way.
    nav.addEventListener('click', function (e) {
      if (e.target.closest && e.target.closest('a')) setMenu(false);
    });
  }

  // The contents list: open where there is room for it, and the section
  // being read marked.
  var toc = document.querySelector('.toc');
  if (toc) {
    // Open when it stands beside the text; above it (a narrower screen,
    // or a page that keeps the width, the contact chart) it would push the
    // page down, so it stays a line to open.
    var box = toc.querySelector('details');
    var main = document.querySelector('main');
    if (box && main && toc.getBoundingClientRect().left >= main.getBoundingClientRect().right - 1) box.open = true;
    var links = Array.prototype.slice.call(toc.querySelectorAll('a[href^="#"]'));
    var targets = links.map(function (a) {
      try { return document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1))); } catch (e) { return null; }
    });
    var current = -1;
    function mark() {
      // The last section whose start has scrolled past the header.
      var line = (header ? header.offsetHeight : 0) + 16;
      var at = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= line) at = i;
      }
      if (at < 0 && targets.length) at = 0;
      if (at === current) return;
      if (current >= 0) links[current].removeAttribute('aria-current');
      current = at;
      if (at >= 0) {
        links[at].setAttribute('aria-current', 'location');
        // Keep the marked entry in view in a side column that scrolls.
        var list = toc;
        if (list.scrollHeight > list.clientHeight) {
          var r = links[at].getBoundingClientRect(), l = list.getBoundingClientRect();
          if (r.top < l.top || r.bottom > l.bottom) list.scrollTop += r.top - l.top - l.height / 3;
        }
      }
    }
    var pending = false;
    window.addEventListener('scroll', function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; mark(); });
    }, { passive: true });
    mark();
  }

  // Tables read as cards on a phone (table.stack): each cell gets the name
  // of its column, which the stylesheet shows above the value.
  Array.prototype.forEach.call(document.querySelectorAll('table.stack'), function (table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) return;
    var names = [];
    Array.prototype.forEach.call(head.cells, function (th) {
      for (var k = 0; k < (th.colSpan || 1); k++) names.push(th.textContent.replace(/\s+/g, ' ').trim());
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.tagName === 'TD' && names[col] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', names[col]);
          col += cell.colSpan || 1;
        });
      });
    });
  });

  // Tables that do not fit: a line saying so, the edge with more faded,
  // and the box keyboard-scrollable.
  var wide = Array.prototype.slice.call(document.querySelectorAll('.table-scroll'));
  function edges(box) {
    var over = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle('more-left', over && box.scrollLeft > 1);
    box.classList.toggle('more-right', over && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  }
  wide.forEach(function (box) {
    box.addEventListener('scroll', function () { edges(box); }, { passive: true });
  });
  function fit() {
    wide.forEach(function (box) {
      var over = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle('overflowing', over);
      edges(box);
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains('scroll-hint');
      if (over && !has) {
        hint = document.createElement('p');
        hint.className = 'scroll-hint';
        hint.textContent = '表は横にスクロールできます';
        box.parentNode.insertBefore(hint, box);
      } else if (!over && has) {
        hint.parentNode.removeChild(hint);
      }
      if (over && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
        if (!box.hasAttribute('role')) box.setAttribute('role', 'region');
        if (!box.hasAttribute('aria-label')) {
          var cap = box.querySelector('caption');
          var head = box.closest('section') && box.closest('section').querySelector('h2, h3');
          var name = (cap && cap.textContent) || (head && head.textContent) || '表';
          box.setAttribute('aria-label', name.trim() + '（横にスクロールできます）');
        }
      }
    });
  }

  // The contact chart at its own size, to read the small print.
  Array.prototype.forEach.call(document.querySelectorAll('.chart-zoom'), function (button) {
    var box = document.getElementById(button.getAttribute('aria-controls'));
    if (!box) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var on = box.classList.toggle('actual-size');
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      fit();
    });
  });

  // The header search: load it the first time it is wanted.
  var loading = false;
  function loadSearch(form) {
    if (loading || window.HandbookSearchBox) return;
    loading = true;
    var root = form.getAttribute('data-root') || '';
    var add = function (src, after) {
      var s = document.createElement('script');
      s.src = src;
      s.async = false;
      if (after) s.onload = after;
      s.onerror = function () { form.setAttribute('data-search-missing', src); };
      document.body.appendChild(s);
    };
    if (!window.HANDBOOK_SEARCH) add(root + 'search-index.js');
    if (!window.HandbookSearch) add(root + 'theme/search.js');
  }
  Array.prototype.forEach.call(document.querySelectorAll('form.site-search'), function (form) {
    var input = form.querySelector('input');
    if (!input) return;
    var go = function () { loadSearch(form); };
    input.addEventListener('focus', go);
    input.addEventListener('input', go);
    input.addEventListener('pointerdown', go);
  });

  measure();
  fit();
  var timer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { measure(); fit(); }, 100);
  });
})();
