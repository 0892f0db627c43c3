// A library picture in a form (the lead image): "Choose" opens the library's picker in a window,
// which posts the chosen picture back (static/js/chooser.js); "Remove" takes the picture off. Other
// scripts on the page (autosave's restore) choose one with a "newsroom:choose" event on the widget.
const showChosen = (chooser, picture) => {
  chooser.querySelector("input[type=hidden]").value = picture.id;
  const thumb = chooser.querySelector(".chooser__thumb");
  thumb.src = picture.thumb;
  thumb.hidden = false;
  chooser.querySelector(".chooser__label").textContent = picture.caption || picture.alternative_text || "Chosen picture";
  chooser.querySelector("[data-chooser-clear]").hidden = false;
  chooser.querySelector("[data-chooser-open]").textContent = "Choose another";
  chooser.closest("form")?.dispatchEvent(new Event("change", { bubbles: true }));
};
window.addEventListener("message", (event) => {
  const message = event.data;
  if (event.origin !== window.location.origin || message?.type !== "newsroom:image-chosen") return;
  const chooser = document.querySelector(`[data-chooser="${CSS.escape(String(message.field))}"]`);
  if (chooser) showChosen(chooser, message.picture);
});
document.addEventListener("newsroom:choose", (event) => {
  const chooser = event.target.closest?.("[data-chooser]");
  if (chooser) showChosen(chooser, event.detail);
});
document.addEventListener("click", (event) => {
  const open = event.target.closest("[data-chooser-open]");
  const clear = event.target.closest("[data-chooser-clear]");
  const chooser = (open || clear)?.closest("[data-chooser]");
  if (!chooser) return;
  if (open) {
    window.open(chooser.dataset.url, "library-picker", "width=980,height=760");
    return;
  }
  chooser.querySelector("input[type=hidden]").value = "";
  chooser.querySelector(".chooser__thumb").hidden = true;
  chooser.querySelector(".chooser__label").textContent = "No picture chosen.";
  clear.hidden = true;
  chooser.querySelector("[data-chooser-open]").textContent = "Choose from the library";
  chooser.closest("form")?.dispatchEvent(new Event("change", { bubbles: true }));
});
