// Every public page: the breaking strip (and, on the front page, its first page) kept current while
// the page stays open, from one small cached JSON (articles/public/views.py front_live) asked for every few
// seconds (poll.js). A region is replaced only when its key says it changed. Without this script the page is
// still complete; it is as fresh as the last load.
(function () {
  "use strict";
  var url = document.body.dataset.frontLive;
  if (!url || !window.fetch || !window.newsroomPoll) return;
  var every = parseInt(document.body.dataset.every, 10) || 15000;

  function apply(name, region) {
    var element = document.querySelector('[data-front-region="' + name + '"]');
    if (!element || !region || element.dataset.key === region.key) return;
    element.innerHTML = region.html;
    element.dataset.key = region.key;
  }

  var poller = window.newsroomPoll(url, every, function (data) {
    apply("breaking", data.breaking);
    apply("top", data.front);
  });

  // A page shown again from the browser's memory or its cache may be older than the last poll: ask now.
  var navigation = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  if (navigation && (navigation.transferSize === 0 || navigation.type === "back_forward")) poller.poll();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) poller.poll();
  });
})();
