// Rectification forms whose JSON console.js's formJson cannot build: a score sheet (points by item
// code), reasons one a line, and evidence photos (uploaded to the photo store first, sent by hash).
// Forms marked data-custom="rectification" are sent here, the same way console.js sends the others.
"use strict";

(function () {
  async function bodyOf(form) {
    const body = formJson(form);
    for (const field of form.querySelectorAll("input[data-points]")) {
      if (field.value === "") continue;
      body.points = body.points || {};
      body.points[field.dataset.points] = Number(field.value);
    }
    for (const field of form.querySelectorAll("textarea[data-type=lines]")) {
      body[field.name] = field.value.split("\n").map((line) => line.trim()).filter(Boolean);
    }
    for (const input of form.querySelectorAll("input[type=file][data-hashes]")) {
      const files = Array.from(input.files || []);
      if (files.length) body[input.dataset.hashes] = (await window.gridgovPhotos.upload(files)).map((p) => p.sha256);
    }
    return body;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest('form[data-api][data-custom="rectification"]');
    if (!form) return;
    event.preventDefault();
    const out = form.querySelector("[data-result]");
    const button = event.submitter;
    if (button) button.disabled = true;
    try {
      flash(out, "正在提交…", true);
      const { response, payload } = await sendApi(form.dataset.api, "POST", await bodyOf(form));
      if (!response.ok) {
        flash(out, describe(payload, response.status), false);
        return;
      }
      flash(out, form.dataset.done || "已提交", true);
      window.setTimeout(() => window.location.reload(), 400);
    } catch (error) {
      const known = window.gridgovPhotos && error instanceof window.gridgovPhotos.UploadError;
      flash(out, known ? error.message : `网络错误，未提交（network error）: ${error}`, false);
    } finally {
      if (button) button.disabled = false;
    }
  });
})();
