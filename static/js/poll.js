// The public pages' one way of keeping an open page current: ask `url` for JSON every `every` ms
// while the tab is visible (and at once when it shows again), hand each answer to `apply`. A missed
// poll is tried again at the next interval. Used by front.js and live.js.
window.newsroomPoll = function (url, every, apply) {
  "use strict";
  var timer = null;
  var stopped = false;

  function poll() {
    fetch(url, { cache: "no-cache", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (!stopped) apply(data);
      })
      .catch(function () {
        /* tried again at the next interval */
      });
  }

  function start() {
    if (timer === null && !stopped) timer = window.setInterval(poll, every);
  }

  function pause() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      pause();
    } else if (!stopped) {
      poll();
      start();
    }
  });
  start();
  return {
    poll: poll,
    // For good: the page has nothing more to ask for.
    stop: function () {
      stopped = true;
      pause();
    },
  };
};
