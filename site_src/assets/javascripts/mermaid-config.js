/* Mermaid is served from this site (assets/javascripts/mermaid.min.js, npm mermaid 11.17.2),
   so Material never fetches it from unpkg. Whatever Material or a diagram asks for,
   securityLevel stays "strict": labels are sanitised and click callbacks are off. */
(function () {
  "use strict";
  if (typeof window.mermaid === "undefined" || !window.mermaid.initialize) { return; }
  var initialize = window.mermaid.initialize.bind(window.mermaid);
  window.mermaid.initialize = function (config) {
    var merged = Object.assign({}, config || {}, {
      securityLevel: "strict",
      startOnLoad: false,
      maxTextSize: 50000,
      maxEdges: 500,
      flowchart: Object.assign({}, (config || {}).flowchart, { useMaxWidth: true })
    });
    return initialize(merged);
  };
  window.mermaid.initialize({});
})();
