/* Puts the HTML page in a state for a picture of it (scripts/html-shots.sh):
   CONFIG.persona pressed, CONFIG.search typed, CONFIG.focus focused (its
   details shown), each when given. */
(function () {
  'use strict';
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  var b = all('button.jm-persona').filter(function (x) {
    return x.textContent.trim() === CONFIG.persona;
  })[0];
  if (b) b.click();
  if (CONFIG.search) {
    var q = document.getElementById('jm-q');
    q.value = CONFIG.search;
    q.dispatchEvent(new Event('input', { bubbles: true }));
  }
  var a = all('.jm-anchor').filter(function (x) {
    return x.getAttribute('aria-label') === CONFIG.focus;
  })[0];
  if (a) a.focus();
}());
