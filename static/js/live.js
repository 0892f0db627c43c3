// A live story's page: ask for its newest updates every few seconds and show what changed, without a
// reload. New updates go on top, edited ones are replaced, removed ones go; polling pauses while the
// tab is hidden and stops when the coverage ends. Without this script the page is still complete.
(function () {
  "use strict";
  var section = document.querySelector(".live[data-live-url]");
  if (!section || !window.fetch || !window.newsroomPoll) return;
  var url = section.dataset.liveUrl;
  var every = parseInt(section.dataset.every, 10) || 15000;
  var list = section.querySelector(".live__updates");
  var status = section.querySelector(".live__status");

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function counted(number, one, many) {
    if (!number) return "";
    return number === 1 ? "1 " + one : number + " " + many;
  }

  function shown() {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > .live-update"));
  }

  function apply(data) {
    var sent = {};
    var added = 0;
    var edited = 0;
    var removed = 0;
    var previous = null; // the element of the update sent just before (newer than) this one
    data.updates.forEach(function (update) {
      sent[update.anchor] = true;
      var current = document.getElementById(update.anchor);
      if (!current) {
        var element = fragment(update.html);
        if (previous) previous.after(element);
        else list.prepend(element);
        current = element;
        added += 1;
      } else if (current.dataset.changed !== update.changed) {
        var replacement = fragment(update.html);
        current.replaceWith(replacement);
        current = replacement;
        edited += 1;
      }
      previous = current;
    });
    // Removed on the desk: an update not sent, among those sent (or anywhere, when all were sent).
    var oldest = data.updates.length ? data.updates[data.updates.length - 1].anchor : null;
    var pastOldest = false;
    shown().forEach(function (element) {
      if (pastOldest && !data.complete) return;
      if (!sent[element.id]) {
        element.remove();
        removed += 1;
      }
      if (element.id === oldest) pastOldest = true;
    });
    if (data.updates.length) {
      var empty = list.querySelector(".live__empty");
      if (empty) empty.remove();
    }
    // The line tells what the last change was, so it never stays behind the news.
    var changes = [
      counted(added, "new update", "new updates"),
      counted(edited, "update edited", "updates edited"),
      counted(removed, "update removed", "updates removed"),
    ].filter(Boolean);
    if (changes.length) status.textContent = changes.join(", ");
    if (!data.live) {
      delete section.dataset.liveUrl;
      section.querySelector(".live__ended-line").innerHTML = data.ended;
      section.querySelector(".live__title").textContent = "Updates";
      var badge = document.querySelector(".article__header .live-badge");
      if (badge) badge.remove();
      poller.stop();
      status.textContent = "Live coverage has ended.";
    }
  }

  var poller = window.newsroomPoll(url, every, apply);
})();
