/* Drives the HTML page as a reader would, after the page's own script:
   tests/html_check.py drive appends it with CONFIG = {persona, unmet, met,
   search, found, tp, pain, evidence, lane}; tests/suite-html.sh reads the results from the dumped DOM,
   one "key=value" line each in <pre id="jm-test-result">. */
(function () {
  'use strict';
  var out = [];
  function log(k, v) { out.push(k + '=' + String(v).replace(/\s+/g, ' ').trim()); }
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  function shown(el) {
    for (var e = el; e && e.nodeType === 1; e = e.parentNode)
      if (getComputedStyle(e).display === 'none') return false;
    return true;
  }
  function faded(el) {
    for (var e = el; e && e.nodeType === 1; e = e.parentNode)
      if (parseFloat(getComputedStyle(e).opacity) < 0.5) return true;
    return false;
  }
  function key(el, k) {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  }
  function tpByName(name) {
    var a = all('article.jm-tp').filter(function (x) {
      return x.querySelector('h4').textContent.trim() === name;
    })[0];
    return a ? a.getAttribute('data-tp') : null;
  }
  try {
    log('js', document.documentElement.classList.contains('js'));
    log('title', document.title);
    var tip = document.getElementById('jm-tip');

    /* one persona */
    var pbutton = all('button.jm-persona').filter(function (b) {
      return b.textContent.trim() === CONFIG.persona;
    })[0];
    var p = pbutton.getAttribute('data-persona');
    pbutton.click();
    log('persona_pressed', pbutton.getAttribute('aria-pressed'));
    log('all_pressed', document.querySelector('button.jm-persona[data-persona=""]').getAttribute('aria-pressed'));
    var curves = all('#jm-map [data-role="curve"]');
    log('curves', curves.length);
    log('other_curves_shown', curves.filter(function (c) {
      return c.getAttribute('data-persona') !== p && shown(c);
    }).length);
    log('own_curves_shown', curves.filter(function (c) {
      return c.getAttribute('data-persona') === p && shown(c);
    }).length);
    log('other_points_shown', all('#jm-map [data-role="point"]').filter(function (c) {
      return c.getAttribute('data-persona') !== p && shown(c);
    }).length);
    /* a touchpoint the persona does not meet fades, one it meets does not */
    var unmet = tpByName(CONFIG.unmet), met = tpByName(CONFIG.met);
    log('unmet_card_faded', faded(document.querySelector('#jm-map [data-role="tp-card"][data-tp="' + unmet + '"]')));
    log('met_card_faded', faded(document.querySelector('#jm-map [data-role="tp-card"][data-tp="' + met + '"]')));
    document.querySelector('button.jm-persona[data-persona=""]').click();
    log('curves_shown_after_all', curves.filter(shown).length);

    /* search a word of a touchpoint's name */
    var q = document.getElementById('jm-q');
    q.value = CONFIG.search;
    q.dispatchEvent(new Event('input', { bubbles: true }));
    log('search_results', all('#jm-results button').map(function (b) {
      return b.firstChild.textContent.trim();
    }).join('|'));
    log('search_count', document.getElementById('jm-count').textContent);
    var hitCard = document.querySelector('#jm-map [data-role="tp-card"][data-tp="' + tpByName(CONFIG.found) + '"]');
    log('search_hit_faded', faded(hitCard));
    log('search_miss_faded', faded(document.querySelector('#jm-map [data-role="tp-card"][data-tp="' + met + '"]')));
    q.value = '';
    q.dispatchEvent(new Event('input', { bubbles: true }));

    /* details on keyboard focus, arrows, Escape */
    var tp = tpByName(CONFIG.tp);
    var anchor = document.querySelector('#jm-map .jm-anchor[data-tp="' + tp + '"]');
    log('anchor_role', anchor.getAttribute('data-role'));
    log('anchor_label', anchor.getAttribute('aria-label'));
    log('tab_stops', all('#jm-map [tabindex="0"]').length);
    anchor.focus();
    log('focused', document.activeElement === anchor);
    log('tip_shown', !tip.hidden);
    log('tip_has_pain', tip.textContent.indexOf(CONFIG.pain) >= 0);
    log('tip_has_evidence', tip.textContent.indexOf(CONFIG.evidence) >= 0);
    key(anchor, 'ArrowRight');
    var next = document.activeElement;
    log('right_moves_to', next.getAttribute && next.getAttribute('aria-label'));
    log('tip_follows', tip.textContent.indexOf(next.getAttribute('aria-label')) >= 0);
    key(next, 'ArrowLeft');
    log('left_back', document.activeElement === anchor);
    key(anchor, 'Escape');
    log('tip_after_escape', tip.hidden ? 'hidden' : 'shown');

    /* hover */
    var card = document.querySelector('#jm-map [data-role="tp-card"][data-tp="' + met + '"]');
    anchor.blur();
    card.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    log('hover_tip', !tip.hidden && tip.textContent.indexOf(CONFIG.met) >= 0);

    /* a lane off */
    var lb = all('button.jm-lane').filter(function (b) {
      return b.textContent.trim() === CONFIG.lane;
    })[0];
    var lane = lb.getAttribute('data-lane');
    lb.click();
    log('lane_pressed', lb.getAttribute('aria-pressed'));
    log('lane_items_shown', all('#jm-map [data-lane="' + lane + '"]').filter(shown).length);
    log('lane_items', all('#jm-map [data-lane="' + lane + '"]').length);
    lb.click();
    log('lane_items_back', all('#jm-map [data-lane="' + lane + '"]').filter(shown).length);

    /* zoom */
    var sheet = document.querySelector('.jm-sheet');
    var w0 = sheet.getBoundingClientRect().width;
    document.querySelector('button[data-zoom="in"]').click();
    log('zoom_in_wider', sheet.getBoundingClientRect().width > w0 * 1.2);
    document.querySelector('button[data-zoom="fit"]').click();
    log('fit_back', Math.abs(sheet.getBoundingClientRect().width - w0) < 1);

    /* the page's policy stops a request even from a script it allows (the
       network log of this run must show none) */
    new Image().src = 'http://127.0.0.1:9/probe.png';
    fetch('http://127.0.0.1:9/probe.json').catch(function () {});
    log('probe_sent', true);
  } catch (e) {
    log('error', e && e.stack ? e.stack : e);
  }
  var pre = document.createElement('pre');
  pre.id = 'jm-test-result';
  pre.textContent = '\n' + out.join('\n') + '\n';
  document.body.appendChild(pre);
}());
