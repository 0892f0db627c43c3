// Search and social: the previews of the search result and of the social card follow the fields;
// an empty one falls back as the page's metadata does (articles/public/metadata.py).
document.addEventListener("DOMContentLoaded", () => {
  const previews = document.querySelector("[data-previews]");
  const form = document.getElementById("article_form");
  if (!previews || !form) return;
  const value = (name) => (form.elements[name]?.value || "").trim();
  const shorten = (text, limit) => (text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text);
  const redrawText = () => {
    const headline = value("headline") || previews.dataset.headline || "The headline";
    const description = value("seo_description") || value("dek") || previews.dataset.summary;
    previews.querySelector("[data-preview=title]").textContent = shorten(value("seo_title") || headline, 60);
    previews.querySelectorAll("[data-preview=description]").forEach((line) => {
      line.textContent = shorten(description, 160);
    });
    previews.querySelector("[data-preview=social]").textContent = value("social_headline") || headline;
    const url = previews.querySelector("[data-preview=url]");
    if (url && value("slug")) url.textContent = `${previews.dataset.articles}${value("slug")}/`;
  };
  // A picture chosen or taken off (the chooser announces it as a change of the whole form).
  const redrawImage = () => {
    const thumb = ["id_social_image", "id_lead_image"]
      .map((id) => form.querySelector(`[data-chooser="${id}"] .chooser__thumb`))
      .find((candidate) => candidate && !candidate.hidden);
    const src = thumb?.src || previews.dataset.bodyPicture;
    const image = previews.querySelector("[data-preview=image]");
    image.hidden = !src;
    if (src) image.src = src;
  };
  form.addEventListener("input", redrawText);
  form.addEventListener("change", (event) => {
    redrawText();
    if (event.target === form) redrawImage();
  });
  // Drawn from the fields at once too: a restored autosave fills them before any typing.
  redrawText();
  redrawImage();
});
