/* The HTML page of a jmap map (src/render/html.c): persona and lane
   toggles, touchpoint details on hover and focus, search and zoom. Reads
   everything from the page (the touchpoints' details are <article>s under
   the map); without JavaScript the page shows the same facts. */
(function () {
  'use strict';
  var doc = document, root = doc.documentElement;
  root.classList.remove('no-js');
  root.classList.add('js');

  var map = doc.getElementById('jm-map');
  var tip = doc.getElementById('jm-tip');
  if (!map || !tip) return;
  var viewport = map.querySelector('.jm-viewport');

  function all(sel, el) {
    return Array.prototype.slice.call((el || doc).querySelectorAll(sel));
  }
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  /* the touchpoints, in map order: details, searchable text, anchor */
  var order = [], info = {};
  all('article.jm-tp').forEach(function (a) {
    var tp = a.getAttribute('data-tp');
    var meets = (a.getAttribute('data-meets') || '').split(' ').filter(Boolean);
    var h = a.querySelector('h4');
    info[tp] = { article: a, meets: meets, name: h ? h.textContent : tp,
                 stage: a.getAttribute('data-stage-name') || '',
                 text: fold(a.textContent), anchor: null, items: [] };
    order.push(tp);
  });
  all('[data-tp]', map).forEach(function (el) {
    var t = info[el.getAttribute('data-tp')];
    if (!t) return;
    t.items.push(el);
    var role = el.getAttribute('data-role');
    if (!t.anchor || (role === 'tp-card' && t.anchor.getAttribute('data-role') !== 'tp-card'))
      t.anchor = el;
  });
  /* the map is no longer a mere picture: its touchpoints can be focused */
  all('svg[role="img"]', map).forEach(function (svg) { svg.setAttribute('role', 'group'); });
  var anchors = [];
  order.forEach(function (tp) {
    var t = info[tp], a = t.anchor;
    if (!a) return;
    a.classList.add('jm-anchor');
    a.setAttribute('tabindex', anchors.length ? '-1' : '0');
    a.setAttribute('role', 'button');
    a.setAttribute('aria-label', t.name);
    a.setAttribute('aria-describedby', t.article.id);
    anchors.push(tp);
  });

  /* the details panel */
  var shown = null, hideTimer = 0;
  function place(el) {
    var r = el.getBoundingClientRect(), w = window.innerWidth, h = window.innerHeight;
    tip.style.left = '0px';
    tip.style.top = '0px';
    var tw = tip.offsetWidth, th = tip.offsetHeight, gap = 10;
    var x = r.right + gap;
    if (x + tw > w - 8) x = r.left - gap - tw;
    if (x < 8) x = Math.max(8, Math.min(w - tw - 8, r.left));
    var y = r.top;
    if (x === Math.max(8, Math.min(w - tw - 8, r.left)) && r.bottom + gap + th < h) y = r.bottom + gap;
    y = Math.max(8, Math.min(h - th - 8, y));
    tip.style.left = Math.round(x) + 'px';
    tip.style.top = Math.round(y) + 'px';
  }
  function show(tp, el) {
    var t = info[tp];
    if (!t) return;
    clearTimeout(hideTimer);
    if (shown !== tp) {
      var c = t.article.cloneNode(true);
      ['id', 'data-tp', 'data-stage', 'data-meets', 'data-stage-name'].forEach(function (k) {
        c.removeAttribute(k);
      });
      all('[id]', c).forEach(function (n) { n.removeAttribute('id'); });
      tip.textContent = '';
      tip.appendChild(c);
      shown = tp;
    }
    tip.hidden = false;
    place(el || t.anchor);
  }
  function hide() {
    clearTimeout(hideTimer);
    tip.hidden = true;
    shown = null;
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  map.addEventListener('mouseover', function (e) {
    var el = e.target.closest && e.target.closest('[data-tp]');
    if (el && !el.closest('.jm-tip')) show(el.getAttribute('data-tp'), el);
  });
  map.addEventListener('mouseout', function (e) {
    var to = e.relatedTarget;
    if (to && (tip.contains(to) || (to.closest && to.closest('[data-tp]')))) return;
    if (!tip.contains(doc.activeElement) && !(doc.activeElement && doc.activeElement.classList &&
        doc.activeElement.classList.contains('jm-anchor'))) hideSoon();
  });
  tip.addEventListener('mouseover', function () { clearTimeout(hideTimer); });

  /* keyboard: one tab stop, arrows between touchpoints, Escape closes */
  var current = anchors.length ? anchors[0] : null;
  function focusTp(tp) {
    var t = info[tp];
    if (!t || !t.anchor) return;
    if (current && info[current].anchor) {
      info[current].anchor.setAttribute('tabindex', '-1');
      info[current].anchor.classList.remove('jm-current');
    }
    current = tp;
    t.anchor.setAttribute('tabindex', '0');
    t.anchor.classList.add('jm-current');
    t.anchor.focus();
    if (t.anchor.scrollIntoView)
      t.anchor.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    show(tp, t.anchor);
  }
  map.addEventListener('focusin', function (e) {
    var el = e.target;
    if (el.classList && el.classList.contains('jm-anchor')) {
      var tp = el.getAttribute('data-tp');
      if (current !== tp && current && info[current].anchor) {
        info[current].anchor.setAttribute('tabindex', '-1');
        info[current].anchor.classList.remove('jm-current');
      }
      current = tp;
      el.setAttribute('tabindex', '0');
      el.classList.add('jm-current');
      show(tp, el);
    }
  });
  map.addEventListener('focusout', function (e) {
    var el = e.target;
    if (el.classList && el.classList.contains('jm-anchor')) {
      el.classList.remove('jm-current');
      if (!e.relatedTarget || !e.relatedTarget.classList ||
          !e.relatedTarget.classList.contains('jm-anchor')) hide();
    }
  });
  map.addEventListener('keydown', function (e) {
    var el = e.target;
    if (!el.classList || !el.classList.contains('jm-anchor')) return;
    var visible = anchors.filter(function (tp) {
      return !info[tp].anchor.classList.contains('jm-off') &&
             !info[tp].anchor.closest('.jm-off');
    });
    var i = visible.indexOf(el.getAttribute('data-tp'));
    var next = null;
    switch (e.key) {
    case 'ArrowRight': case 'ArrowDown': next = visible[Math.min(visible.length - 1, i + 1)]; break;
    case 'ArrowLeft': case 'ArrowUp': next = visible[Math.max(0, i - 1)]; break;
    case 'Home': next = visible[0]; break;
    case 'End': next = visible[visible.length - 1]; break;
    case 'Escape': hide(); e.preventDefault(); return;
    case 'Enter': case ' ':
      if (tip.hidden) show(el.getAttribute('data-tp'), el); else hide();
      e.preventDefault();
      return;
    default: return;
    }
    e.preventDefault();
    if (next) focusTp(next);
  });
  doc.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !tip.hidden) hide();
  });
  map.addEventListener('click', function (e) {
    var el = e.target.closest && e.target.closest('[data-tp]');
    if (!el || el.closest('a') || el.closest('.jm-tip')) return;
    focusTp(el.getAttribute('data-tp'));
  });
  window.addEventListener('scroll', function () { if (!tip.hidden) hide(); }, { passive: true });
  if (viewport)
    viewport.addEventListener('scroll', function () { if (!tip.hidden) hide(); }, { passive: true });

  /* one persona: the others' lines and points go, the touchpoints it does
     not meet fade */
  var personaButtons = all('button.jm-persona');
  function setPersona(p) {
    personaButtons.forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-persona') === p));
    });
    var any = p === '';
    all('[data-persona]', map).forEach(function (el) {
      var other = !any && el.getAttribute('data-persona') !== p;
      var inLane = el.hasAttribute('data-lane') || !!el.closest('[data-lane]');
      el.classList.toggle('jm-off', other && inLane);
      el.classList.toggle('jm-dim', other && !inLane);
    });
    order.forEach(function (tp) {
      var t = info[tp], out = !any && t.meets.indexOf(p) < 0;
      t.items.forEach(function (el) {
        if (!el.hasAttribute('data-persona')) el.classList.toggle('jm-dim', out);
      });
      t.article.classList.toggle('jm-dim', out);
    });
    root.setAttribute('data-jm-persona', p);
  }
  personaButtons.forEach(function (b) {
    b.addEventListener('click', function () { setPersona(b.getAttribute('data-persona')); });
  });

  /* lanes: a lane switched off leaves its row empty */
  all('button.jm-lane').forEach(function (b) {
    b.addEventListener('click', function () {
      var on = b.getAttribute('aria-pressed') !== 'true';
      b.setAttribute('aria-pressed', String(on));
      var lane = b.getAttribute('data-lane');
      all('[data-lane]', map).forEach(function (el) {
        if (el.getAttribute('data-lane') === lane) el.classList.toggle('jm-off', !on);
      });
    });
  });

  /* search: touchpoints whose details hold every word */
  var q = doc.getElementById('jm-q'), count = doc.getElementById('jm-count');
  var results = doc.getElementById('jm-results');
  function search() {
    var words = fold(q.value).split(/\s+/).filter(Boolean);
    var hits = [];
    order.forEach(function (tp) {
      var t = info[tp];
      var hit = words.length > 0 && words.every(function (w) { return t.text.indexOf(w) >= 0; });
      var miss = words.length > 0 && !hit;
      if (hit) hits.push(tp);
      t.items.forEach(function (el) {
        el.classList.toggle('jm-hit', hit);
        el.classList.toggle('jm-miss', miss);
      });
      t.article.classList.toggle('jm-miss', miss);
      t.article.classList.toggle('jm-hit', hit);
    });
    results.textContent = '';
    hits.forEach(function (tp) {
      var li = doc.createElement('li'), b = doc.createElement('button');
      b.type = 'button';
      b.setAttribute('data-tp', tp);
      b.textContent = info[tp].name;
      if (info[tp].stage) {
        var s = doc.createElement('span');
        s.className = 'jm-where';
        s.textContent = '\u00b7 ' + info[tp].stage;
        b.appendChild(s);
      }
      b.addEventListener('click', function () {
        if (info[tp].anchor) focusTp(tp);
        else info[tp].article.scrollIntoView();
      });
      li.appendChild(b);
      results.appendChild(li);
    });
    results.hidden = hits.length === 0;
    var msg = '';
    if (words.length)
      msg = (hits.length === 0 ? count.getAttribute('data-none')
             : hits.length === 1 ? count.getAttribute('data-one')
             : count.getAttribute('data-many')).replace('{n}', String(hits.length));
    count.textContent = msg;
  }
  if (q) {
    q.addEventListener('input', search);
    q.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { q.value = ''; search(); }
      if (e.key === 'Enter') {
        var first = results.querySelector('button');
        if (first) first.click();
      }
    });
  }

  /* zoom: the map fits the window's width; buttons and ctrl + wheel */
  var zoom = 1;
  function setZoom(z, cx) {
    var old = zoom;
    zoom = Math.max(1, Math.min(8, z));
    var left = viewport ? viewport.scrollLeft : 0;
    root.style.setProperty('--jm-zoom', String(zoom));
    if (viewport && cx !== undefined)
      viewport.scrollLeft = (left + cx) * zoom / old - cx;
    all('button[data-zoom="out"], button[data-zoom="fit"]').forEach(function (b) {
      b.disabled = zoom === 1;
    });
  }
  all('button[data-zoom]').forEach(function (b) {
    b.addEventListener('click', function () {
      var k = b.getAttribute('data-zoom');
      setZoom(k === 'in' ? zoom * 1.5 : k === 'out' ? zoom / 1.5 : 1,
              viewport ? viewport.clientWidth / 2 : undefined);
    });
  });
  if (viewport)
    viewport.addEventListener('wheel', function (e) {
      if (!e.ctrlKey) return;
      e.preventDefault();
      var r = viewport.getBoundingClientRect();
      setZoom(zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15), e.clientX - r.left);
    }, { passive: false });
  setZoom(1);
}());
