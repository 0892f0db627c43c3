// The media library's picker, opened in a window by the article form's lead image field or by the
// body editor's figure dialog ("Browse..."): choosing a picture hands it to the opener and closes.
(() => {
  "use strict";
  const params = new URLSearchParams(window.location.search);

  function choose(item) {
    const data = {
      id: Number(item.dataset.id),
      url: item.dataset.url,
      thumb: item.dataset.thumb,
      caption: item.dataset.caption,
      credit: item.dataset.credit,
      alternative_text: item.dataset.alt, // the name the editor's dialog reads
    };
    const opener = window.opener;
    if (!opener) return;
    const editorCallback = params.get("CKEditorFuncNum");
    if (editorCallback && opener.CKEDITOR) {
      opener.CKEDITOR.tools.callFunction(Number(editorCallback), data.url, data);
    } else if (params.get("field")) {
      // To the form's own page only: the library's pictures are the desk's business.
      opener.postMessage({ type: "newsroom:image-chosen", field: params.get("field"), picture: data }, window.location.origin);
    } else {
      return;
    }
    window.close();
  }

  document.addEventListener("click", (event) => {
    const item = event.target.closest("[data-choose]");
    if (item) choose(item);
  });
  const uploaded = document.querySelector("[data-chosen]");
  if (uploaded) choose(uploaded);
})();
