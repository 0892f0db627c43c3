// Warn before a workflow step when the article's form holds unsaved edits: the step acts on what is saved.
document.addEventListener("DOMContentLoaded", () => {
  const articleForm = document.getElementById("article_form");
  const moveForm = document.querySelector("[data-desk-move]");
  if (!articleForm || !moveForm) return;
  const warning = moveForm.querySelector(".desk-unsaved");
  const markDirty = () => { warning.hidden = false; };
  articleForm.addEventListener("input", markDirty);
  articleForm.addEventListener("change", markDirty);
  moveForm.addEventListener("submit", (event) => {
    if (!warning.hidden && !window.confirm("Your unsaved changes will not be part of this step. Go ahead anyway?")) {
      event.preventDefault();
    }
  });
});

// The article list's author and tag filters: choosing a name in the autocomplete applies the filter.
window.addEventListener("load", () => {
  if (!window.django || !django.jQuery) return;
  django.jQuery("select[data-filter]").on("change", (event) => {
    const url = new URL(window.location.href);
    const parameter = event.target.dataset.filter;
    if (event.target.value) url.searchParams.set(parameter, event.target.value);
    else url.searchParams.delete(parameter);
    url.searchParams.delete("p");
    window.location.assign(url);
  });
});

// No copy lost: the article form keeps everything typed or chosen on the server (every field, the
// byline rows, a picture uploaded but not yet saved) every ~30 s of typing and whenever a field is
// left (articles/autosave.py), and asks before the page is left with edits not saved.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("article_form");
  const box = document.getElementById("desk-autosave");
  if (!form || !box) return;
  const EVERY = Number(box.dataset.every || 30000);
  class Refusal extends Error {}
  const status = box.querySelector(".desk-autosave__status");
  // The form as posted, but for the CSRF token and the inline rows' empty template.
  const entries = () => [...new FormData(form)].filter(
    ([name, value]) => name !== "csrfmiddlewaretoken" && !name.includes("__prefix__")
      && !(value instanceof File && !value.size),
  );
  const text = () => JSON.stringify(entries().map(
    ([name, value]) => [name, value instanceof File ? `${value.name}:${value.size}` : value],
  ));
  let loaded = text();
  let touched = box.hasAttribute("data-restored"); // restored text is not saved yet
  if (touched) {
    // A save of the restored form goes to the plain address (the form posts to the page's own).
    const address = new URL(window.location.href);
    address.searchParams.delete("restore");
    window.history.replaceState(null, "", address);
  }
  let sent = loaded;
  let timer = null;
  let submitting = false;

  // The body editor may tidy its markup as it starts: that is not an edit.
  document.addEventListener("prose-editor:ready", () => {
    if (!touched) loaded = sent = text();
  });

  // A picture uploaded with the form's file field is in the library now: it stays chosen.
  const uploaded = (picture) => {
    const upload = form.elements.lead_image_upload;
    if (upload) upload.value = "";
    window.newsroomImageChosen("id_lead_image", picture);
  };

  // One autosave at a time, so that a picture being uploaded goes up once.
  let sending = null;
  const send = async (options = {}) => {
    while (sending && !options.keepalive) await sending.catch(() => null);
    sending = sendNow(options);
    try {
      return await sending;
    } finally {
      sending = null;
    }
  };
  const sendNow = async ({ keepalive = false, action = "" } = {}) => {
    clearTimeout(timer);
    timer = null;
    if (submitting && !action) return null;
    const now = text();
    if (!action && now === sent) return;
    const data = new FormData();
    // A page being left sends no file: the browser caps such a last request at 64 KB.
    entries().forEach(([name, value]) => { if (!(keepalive && value instanceof File)) data.append(name, value); });
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    if (action) data.append("action", action);
    try {
      const response = await fetch(box.dataset.url, {
        method: "POST", body: data, keepalive, redirect: "manual", credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.type === "opaqueredirect") throw new Refusal("you are logged out. Log in again in another tab, then save.");
      const answer = await response.json();
      if (!response.ok) throw new Refusal(answer.error);
      if (!action) {
        if (answer.lead_image) uploaded(answer.lead_image);
        sent = text();
        status.textContent = answer.label;
      }
      return answer;
    } catch (error) {
      const why = error instanceof Refusal ? error.message : "the desk cannot be reached. Keep this tab open and save when you can.";
      status.textContent = `Not autosaved: ${why}`;
      return null;
    }
  };

  const edited = (event) => {
    if (!event.isTrusted) return;
    touched = true;
    if (!timer) timer = setTimeout(send, EVERY);
  };
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  // Leaving a field for a save button is no pause in the typing: the save itself keeps the text, and
  // an autosave racing it could outlive it and offer the saved text back as unsaved.
  const isSave = (target) => target instanceof HTMLElement && target.matches("[type=submit]");
  form.addEventListener("focusout", (event) => {
    if (!isSave(event.relatedTarget) && text() !== sent) send();
  });
  document.addEventListener("visibilitychange", () => {
    if (!submitting && document.visibilityState === "hidden" && text() !== sent) send({ keepalive: true });
  });
  // Any form of the page sent on purpose (a save, a workflow step its own warning let through) leaves it.
  document.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    submitting = true;
    clearTimeout(timer);
  });

  box.querySelectorAll("[data-autosave-discard]").forEach((button) => {
    button.addEventListener("click", async () => {
      if (await send({ action: "discard" })) {
        submitting = true;
        window.location.assign(window.location.pathname);
      }
    });
  });

  window.addEventListener("beforeunload", (event) => {
    if (submitting || !(touched || text() !== loaded)) return;
    event.preventDefault();
    event.returnValue = "";
  });
});

// A button that undoes something readers see asks first (data-confirm holds the question).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});

// A library picture in a form (the lead image): "Choose" opens the library's picker in a window,
// which calls newsroomImageChosen back (static/js/chooser.js); "Remove" takes the picture off.
window.newsroomImageChosen = (fieldId, picture) => {
  const chooser = document.querySelector(`[data-chooser="${CSS.escape(fieldId)}"]`);
  if (!chooser) return;
  chooser.querySelector("input[type=hidden]").value = picture.id;
  const thumb = chooser.querySelector(".chooser__thumb");
  thumb.src = picture.thumb;
  thumb.hidden = false;
  chooser.querySelector(".chooser__label").textContent = picture.caption || picture.alternative_text || "Chosen picture";
  chooser.querySelector("[data-chooser-clear]").hidden = false;
  chooser.querySelector("[data-chooser-open]").textContent = "Choose another";
  chooser.closest("form")?.dispatchEvent(new Event("change", { bubbles: true }));
};
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

// A library picture's focal point: a click on the picture sets it (the two numbers below it follow,
// and typing them moves the mark).
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.querySelector("[data-focal]");
  const x = document.getElementById("id_focal_x");
  const y = document.getElementById("id_focal_y");
  if (!picker || !x || !y) return;
  const mark = picker.querySelector(".focal__mark");
  const place = () => {
    mark.style.left = `${Number(x.value) * 100}%`;
    mark.style.top = `${Number(y.value) * 100}%`;
  };
  picker.addEventListener("click", (event) => {
    const box = picker.querySelector("img").getBoundingClientRect();
    const clamp = (value) => Math.min(1, Math.max(0, value)).toFixed(3);
    x.value = clamp((event.clientX - box.left) / box.width);
    y.value = clamp((event.clientY - box.top) / box.height);
    place();
  });
  x.addEventListener("input", place);
  y.addEventListener("input", place);
});

// The body editor's own buttons beside its toolbar: an embed from a URL (a video, a post, audio or
// a map: articles/embeds.py knows the providers), stored as a bare link on its own line.
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

// Live counts under the headline and standfirst (against their limits) and under the body (words
// and reading time), as the writer types.
const WORDS_PER_MINUTE = 230;
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-count-limit]").forEach((field) => {
    const limit = Number(field.dataset.countLimit);
    const counter = document.createElement("p");
    counter.className = "help desk-counter";  // placed like the field's help text
    counter.id = `${field.id}-count`;
    field.setAttribute("aria-describedby", `${field.getAttribute("aria-describedby") || ""} ${counter.id}`.trim());
    const count = () => {
      const used = field.value.length;
      counter.textContent = `${used} / ${limit} characters${used > limit ? `: ${used - limit} too many` : ""}`;
      counter.classList.toggle("desk-counter--over", used > limit);
    };
    (field.closest(".flex-container") || field).after(counter);
    field.addEventListener("input", count);
    count();
  });
});
document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail;
  if (textarea.name !== "body") return;
  const counter = document.createElement("p");
  counter.className = "help desk-counter desk-counter--body";
  const count = () => {
    const { doc } = editor.state;
    const words = doc.textBetween(0, doc.content.size, " ", " ").split(/\s+/).filter(Boolean).length;
    const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
    counter.textContent = `${words} word${words === 1 ? "" : "s"} · about ${minutes} min to read`;
  };
  textarea.closest(".flex-container").after(counter);
  editor.on("update", count);
  count();
});

// Ctrl+S (Cmd+S on a Mac) saves the article and stays on it, as in every editor.
document.addEventListener("keydown", (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "s" || event.altKey) return;
  const form = document.getElementById("article_form");
  const save = form?.querySelector("input[name=_continue]");
  if (!save) return;
  event.preventDefault();
  save.click();
});

// Topics as people type them: one field, names separated by commas; the name being typed is
// completed from the newsroom's existing topics (arrow keys and Enter, or a click).
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("input[data-topics]");
  if (!field) return;
  const list = document.createElement("ul");
  list.id = `${field.id}-suggestions`;
  list.className = "desk-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  field.setAttribute("role", "combobox");
  field.setAttribute("aria-autocomplete", "list");
  field.setAttribute("aria-controls", list.id);
  field.setAttribute("aria-expanded", "false");
  field.after(list);
  let active = -1;
  let timer = null;
  const names = () => field.value.split(",").map((name) => name.trim());
  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    field.setAttribute("aria-expanded", "false");
    field.removeAttribute("aria-activedescendant");
  };
  const choose = (name) => {
    const kept = names().slice(0, -1).filter(Boolean);
    field.value = `${[...kept, name].join(", ")}, `;
    close();
    field.focus();
    field.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const highlight = (index) => {
    const options = [...list.children];
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((option, at) => option.setAttribute("aria-selected", String(at === active)));
    field.setAttribute("aria-activedescendant", options[active].id);
  };
  const show = (found) => {
    close();
    if (!found.length) return;
    found.forEach((name, index) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${index}`;
      option.setAttribute("role", "option");
      option.textContent = name;
      option.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep the focus in the field
        choose(name);
      });
      list.append(option);
    });
    // Under the field, wherever its label leaves it in the row: measured from the box the list is placed in.
    list.hidden = false;
    const box = list.offsetParent?.getBoundingClientRect() ?? { left: 0, top: 0 };
    const under = field.getBoundingClientRect();
    list.style.left = `${under.left - box.left}px`;
    list.style.top = `${under.bottom - box.top}px`;
    field.setAttribute("aria-expanded", "true");
  };
  field.addEventListener("input", () => {
    window.clearTimeout(timer);
    const term = names().at(-1);
    if (!term) return close();
    timer = window.setTimeout(async () => {
      const url = new URL(field.dataset.topics, window.location.href);
      url.searchParams.set("term", term);
      const response = await fetch(url, { credentials: "same-origin" }).catch(() => null);
      if (!response?.ok || names().at(-1) !== term) return;
      const taken = new Set(names().slice(0, -1).map((name) => name.toLowerCase()));
      const results = (await response.json()).results.map((result) => result.text);
      show(results.filter((name) => !taken.has(name.toLowerCase())).slice(0, 8));
    }, 150);
  });
  field.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); // choose, do not submit the form
      choose(list.children[active].textContent);
    } else if (event.key === "Escape") {
      close();
    }
  });
  field.addEventListener("blur", close);
});

// Search and social: the previews of the search result and of the social card follow the fields;
// an empty one falls back as the page's metadata does (articles/metadata.py).
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
