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
