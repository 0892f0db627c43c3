// Every public page: the breaking strip (and, on the front page, its first page) kept current while
// the page stays open, from one small cached JSON (articles/views.py front_live) asked for every few
// seconds. A region is replaced only when its key says it changed. Without this script the page is
// still complete; it is as fresh as the last load.
(function () {
  "use strict";
  var url = document.body.dataset.frontLive;
  if (!url || !window.fetch) return;
  var every = parseInt(document.body.dataset.every, 10) || 15000;
  var timer = null;

  function apply(name, region) {
    var element = document.querySelector('[data-front-region="' + name + '"]');
    if (!element || !region || element.dataset.key === region.key) return;
    element.innerHTML = region.html;
    element.dataset.key = region.key;
  }

  function poll() {
    fetch(url, { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        apply("breaking", data.breaking);
        apply("top", data.front);
      })
      .catch(function () {
        /* a missed poll is tried again at the next interval */
      });
  }

  function start() {
    if (timer === null) timer = window.setInterval(poll, every);
  }

  function stop() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  }

  // A page shown again from the browser's memory or its cache may be older than the last poll: ask now.
  var navigation = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  if (navigation && (navigation.transferSize === 0 || navigation.type === "back_forward")) poll();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) poll();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      stop();
    } else {
      poll();
      start();
    }
  });
  start();
})();
