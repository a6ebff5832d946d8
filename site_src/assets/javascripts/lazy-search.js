/* Load the search index only when the reader uses search.
   Material for MkDocs requests search/search_index.json with XMLHttpRequest as soon as a
   page loads (about 1/3 MB compressed). This script runs before the theme's bundle and
   holds that one request back until the reader focuses, hovers or opens the search box
   (or presses a search shortcut); every other request goes out unchanged. No network
   access of its own, no dependencies. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var waiting = [];
  var engaged = false;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    this._paLazy = INDEX.test(String(url).split("?")[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this._paLazy && !engaged) {
      waiting.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function engage() {
    if (engaged) { return; }
    engaged = true;
    window.paSearchIndexRequested = true;
    waiting.splice(0).forEach(function (item) { send.apply(item[0], item[1]); });
  }
  function isSearch(target) {
    return target && target.closest && target.closest(".md-search, label[for='__search']");
  }
  document.addEventListener("focusin", function (e) { if (isSearch(e.target)) { engage(); } }, true);
  document.addEventListener("pointerover", function (e) { if (isSearch(e.target)) { engage(); } }, true);
  document.addEventListener("pointerdown", function (e) { if (isSearch(e.target)) { engage(); } }, true);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search" && e.target.checked) { engage(); }
  }, true);
  document.addEventListener("keydown", function (e) {
    var el = document.activeElement;
    var typing = el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
    if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && /^[/sf]$/i.test(e.key)) { engage(); }
  }, true);
  window.paLoadSearchIndex = engage;
})();
