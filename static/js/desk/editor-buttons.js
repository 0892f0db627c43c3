// The body editor's own buttons beside its toolbar: an embed from a URL (a video, a post, audio or
// a map: articles/core/embeds.py knows the providers), stored as a bare link on its own line.
document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail;
  if (textarea.name !== "body") return;
  // The toolbar is in place once the editor has started, just after this event.
  window.setTimeout(() => addEditorButtons(editor, textarea.closest(".prose-editor")), 0);
});

function addEditorButtons(editor, wrapper) {
  const menubar = wrapper?.querySelector(".prose-menubar");
  if (!menubar) return;
  const labelled = (label, title, run, isActive) => {
    const item = document.createElement("button");
    item.type = "button";
    item.className = "prose-menubar__button desk-labelled";
    item.textContent = label;
    item.title = title;
    item.addEventListener("click", () => run(editor.chain().focus()).run());
    editor.on("transaction", () => item.classList.toggle("active", isActive()));
    return item;
  };
  menubar.append(
    labelled("Subhead", "Make this paragraph a subhead (again to undo)",
      (chain) => chain.toggleHeading({ level: 2 }), () => editor.isActive("heading", { level: 2 })),
    labelled("Quote", "Make this paragraph a quote (again to undo)",
      (chain) => chain.toggleBlockquote(), () => editor.isActive("blockquote")),
  );
  const button = document.createElement("button");
  button.type = "button";
  button.className = "prose-menubar__button desk-embed-button";
  button.textContent = "Embed";
  button.title = "Embed a video, post, audio or map from its address";
  button.addEventListener("click", () => {
    const url = window.prompt("Address of the video, post, audio or map (YouTube, Vimeo, X, Instagram, TikTok, Facebook, Spotify, SoundCloud, OpenStreetMap, Google Maps):");
    if (!url || !/^https?:\/\/\S+$/.test(url.trim())) return;
    const address = url.trim();
    editor.chain().focus().insertContent({
      type: "paragraph",
      content: [{ type: "text", text: address, marks: [{ type: "link", attrs: { href: address } }] }],
    }).run();
  });
  menubar.append(button);
}
