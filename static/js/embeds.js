// Embeds in an article's body wait as placeholders (articles/core/body_media.py): the provider's player
// loads only when the reader asks for it, so opening an article tells no third party anything.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".embed__load");
  const embed = button?.closest(".embed[data-embed]");
  if (!embed) return;
  const frame = document.createElement("iframe");
  frame.src = embed.dataset.embed;
  frame.title = embed.dataset.embedTitle || "Embedded content";
  frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture; clipboard-write";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  embed.querySelector(".embed__placeholder").replaceWith(frame);
  frame.focus();
});
