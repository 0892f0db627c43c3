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
