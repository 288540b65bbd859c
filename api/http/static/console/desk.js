// The desk's one island: a date-time picked in Beijing time (<input type=datetime-local
// data-beijing="until">) fills the hidden field it names with the same moment and its +08:00 offset,
// which is what the API reads (UTC offsets only, never a browser's own zone).
"use strict";

(function () {
  function withOffset(local) {
    if (!local) return "";
    const seconds = local.length === 16 ? ":00" : ""; // "YYYY-MM-DDTHH:MM" or with seconds
    return `${local}${seconds}+08:00`;
  }

  function fill(input) {
    const hidden = input.form && input.form.elements.namedItem(input.dataset.beijing);
    if (hidden) hidden.value = withOffset(input.value);
  }

  document.addEventListener("input", (event) => {
    const input = event.target.closest("input[data-beijing]");
    if (input) fill(input);
  });
  document.addEventListener("change", (event) => {
    const input = event.target.closest("input[data-beijing]");
    if (input) fill(input);
  });
})();
