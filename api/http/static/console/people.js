// gridgov console, people register: the reveal form. The one value the API returns is shown in this
// form's result box and nowhere else: the page is not reloaded and nothing is kept, so it is gone
// with the next reveal or the next page. The API has recorded the read before it answers.
// Uses console.js (sendApi, formJson, describe, flash), loaded before this file.
"use strict";

function showRevealed(out, field, value) {
  out.replaceChildren();
  out.className = "ok revealed";
  out.setAttribute("role", "status");
  const label = document.createElement("span");
  label.textContent = `${field}：`;
  const shown = document.createElement("output");
  shown.textContent = value === "" ? "（未登记）" : value;
  const note = document.createElement("small");
  note.textContent = "本次查看已记入审计日志。";
  out.append(label, shown, note);
}

document.addEventListener("submit", async (event) => {
  const form = event.target.closest('form[data-custom="reveal"]');
  if (!form) return;
  event.preventDefault();
  const out = form.querySelector("[data-result]");
  const field = form.elements.namedItem("field");
  const button = event.submitter;
  if (button) button.disabled = true;
  try {
    const { response, payload } = await sendApi(form.dataset.api, "POST", formJson(form));
    if (response.ok) {
      showRevealed(out, field.selectedOptions[0].textContent, payload.value);
      form.elements.namedItem("reason").value = "";
    } else {
      flash(out, describe(payload, response.status), false);
    }
  } catch (error) {
    flash(out, `网络错误，未查看（network error, nothing was sent）: ${error}`, false);
  } finally {
    if (button) button.disabled = false;
  }
});
